package io.pulsegate.transport;

import java.util.Optional;

/** The token of an {@code Authorization: Bearer <token>} header, as non-browser clients present it. */
public final class BearerToken {

    private static final String SCHEME = "Bearer ";

    private BearerToken() {
    }

    /** @return the token, or empty when the header is absent or uses another scheme (case-insensitive) */
    public static Optional<String> from(String authorizationHeader) {
        if (authorizationHeader != null
                && authorizationHeader.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            return Optional.of(authorizationHeader.substring(SCHEME.length()).trim());
        }
        return Optional.empty();
    }
}
