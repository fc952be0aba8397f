package io.pulsegate.api;

/**
 * One reply of a batch: {@code {"<method>":{...}}} on success, {@code {"error":{...}}} on failure. Batch replies have
 * no {@code result} wrapper.
 */
public record ApiReply(String method, ApiResult result, ApiError error) {

    public static ApiReply ok(String method, ApiResult result) {
        return new ApiReply(method, result, null);
    }

    public static ApiReply failed(ApiError error) {
        return new ApiReply("", null, error);
    }
}
