package io.pulsegate.transport.api;

import io.pulsegate.api.ApiError;

/** A server API error reply travelling through a failed Uni. No stack trace: it is an answer, not a fault. */
final class ApiFailure extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient ApiError error;
    private final int httpStatus;

    ApiFailure(ApiError error) {
        this(error, 200);
    }

    ApiFailure(ApiError error, int httpStatus) {
        super(error.message(), null, false, false);
        this.error = error;
        this.httpStatus = httpStatus;
    }

    ApiError error() {
        return error;
    }

    int httpStatus() {
        return httpStatus;
    }

    /** @return the HTTP status to answer with: 200 for protocol errors, 503 while the engine is unreachable */
    static int statusOf(Throwable failure) {
        return fromEngine(failure).httpStatus;
    }

    /** Maps an engine failure: unreachable engine → error 100 with HTTP 503 (retry later); anything else → 100. */
    static ApiFailure fromEngine(Throwable failure) {
        if (failure instanceof ApiFailure f) {
            return f;
        }
        return failure instanceof io.pulsegate.engine.EngineUnavailableException
                ? new ApiFailure(ApiError.INTERNAL, 503)
                : new ApiFailure(ApiError.INTERNAL);
    }

    /** @return the API error a failure stands for (100 for anything unexpected) */
    static ApiError errorOf(Throwable failure) {
        return fromEngine(failure).error;
    }
}
