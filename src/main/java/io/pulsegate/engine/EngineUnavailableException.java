package io.pulsegate.engine;

/** The engine (e.g. Redis) cannot be reached right now; callers answer with a temporary error. No stack trace. */
public final class EngineUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public EngineUnavailableException(String message) {
        super(message, null, false, false);
    }
}
