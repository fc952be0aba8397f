package io.pulsegate.auth;

import java.util.Objects;

/**
 * Why a token was refused. Carries a short fixed description, never the token or its claims, and no
 * stack trace: it is an expected outcome on the hot path, not a bug.
 *
 * <p>
 * Mapping to the Centrifugo protocol (brief §4.4): {@link Reason#EXPIRED} → error 109 (the client
 * refreshes its token); {@link Reason#INVALID} → disconnect 3500 for connection tokens, error 103 for
 * subscription tokens; {@link Reason#UNAVAILABLE} → error 100 (internal, retryable).
 */
public final class TokenException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Outcome class of a refused token. */
    public enum Reason {
        /** {@code exp} passed beyond the skew, or {@code nbf} still in the future. */
        EXPIRED,
        /** Bad signature, disallowed algorithm, malformed token or claims, audience/issuer mismatch, … */
        INVALID,
        /**
         * The key set could not be obtained (JWKS endpoint down and nothing cached). Not the client's
         * fault, so it must not be turned into a terminal disconnect.
         */
        UNAVAILABLE
    }

    private final Reason reason;

    /**
     * @param reason outcome class
     * @param message fixed, token-free description
     */
    public TokenException(Reason reason, String message) {
        super(message, null, false, false);
        this.reason = Objects.requireNonNull(reason);
    }

    static TokenException invalid(String message) {
        return new TokenException(Reason.INVALID, message);
    }

    static TokenException expired(String message) {
        return new TokenException(Reason.EXPIRED, message);
    }

    /** @return the outcome class */
    public Reason reason() {
        return reason;
    }
}
