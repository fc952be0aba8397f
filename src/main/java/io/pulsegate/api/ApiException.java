package io.pulsegate.api;

/**
 * A server API request that cannot be served. {@link #httpStatus()} is what the HTTP layer answers in Centrifugo's
 * default error mode: 400 for a body that is not well-formed JSON of the right shape, 200 with an
 * {@code {"error":...}} body for an unknown method (104) or a failed validation (107). Thrown without a stack trace:
 * it describes caller input, not a server fault.
 */
public final class ApiException extends Exception {

    private static final long serialVersionUID = 1L;

    private final int httpStatus;
    private final transient ApiError error;

    public ApiException(int httpStatus, ApiError error) {
        super(error.message(), null, false, false);
        this.httpStatus = httpStatus;
        this.error = error;
    }

    /** @return a malformed-body failure: HTTP 400 */
    public static ApiException malformed() {
        return new ApiException(400, ApiError.BAD_REQUEST);
    }

    /** @return an API-level failure answered with HTTP 200 and an error body */
    public static ApiException of(ApiError error) {
        return new ApiException(200, error);
    }

    public int httpStatus() {
        return httpStatus;
    }

    public ApiError error() {
        return error;
    }
}
