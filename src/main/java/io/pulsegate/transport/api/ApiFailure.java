package io.pulsegate.transport.api;

import io.pulsegate.api.ApiError;

/** A server API error reply travelling through a failed Uni. No stack trace: it is an answer, not a fault. */
final class ApiFailure extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient ApiError error;

    ApiFailure(ApiError error) {
        super(error.message(), null, false, false);
        this.error = error;
    }

    ApiError error() {
        return error;
    }

    /** @return the API error a failure stands for (100 for anything unexpected) */
    static ApiError errorOf(Throwable failure) {
        return failure instanceof ApiFailure f ? f.error : ApiError.INTERNAL;
    }
}
