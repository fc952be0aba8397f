package io.pulsegate.api;

import io.pulsegate.protocol.ErrorCode;

/**
 * An error of the server HTTP API: {@code {"code":N,"message":"..."}}. Codes follow Centrifugo's {@code apiproto}
 * (§8.1 of the protocol brief); messages are fixed strings so they never echo request content.
 */
public record ApiError(int code, String message) {

    public static final ApiError INTERNAL = new ApiError(100, "internal server error");
    public static final ApiError UNKNOWN_CHANNEL = new ApiError(102, "unknown channel");
    public static final ApiError METHOD_NOT_FOUND = new ApiError(104, "method not found");
    public static final ApiError BAD_REQUEST = new ApiError(107, "bad request");
    public static final ApiError NOT_AVAILABLE = new ApiError(108, "not available");
    public static final ApiError UNRECOVERABLE_POSITION = new ApiError(112, "unrecoverable position");
    /** In the server API, 113 means "conflict" (the client protocol uses it for concurrent pagination). */
    public static final ApiError CONFLICT = new ApiError(113, "conflict");

    /** @return the API error for a client-protocol error code with the same meaning */
    public static ApiError of(ErrorCode code) {
        return new ApiError(code.code(), code.message());
    }
}
