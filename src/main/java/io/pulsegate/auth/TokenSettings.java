package io.pulsegate.auth;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Key material and claim expectations for {@link TokenVerifier}. Any combination of key sources may
 * be configured; with none, every token is rejected (anonymous-only deployments).
 *
 * <p>
 * Validated at construction: a weak HMAC secret, an unparsable or wrong-type PEM, a non-HTTP JWKS
 * URL or a negative duration fail fast with {@link IllegalArgumentException}, so a misconfigured
 * gateway never starts.
 *
 * @param hmacSecret shared secret for HS256/384/512; its UTF-8 bytes are the key (≥ 32 bytes)
 * @param rsaPublicKeyPem RSA public key ({@code PUBLIC KEY} or {@code CERTIFICATE} PEM) for RS256/384/512
 * @param ecdsaPublicKeyPem EC public key PEM (P-256, P-384 or P-521) for the matching ES256/384/512
 * @param jwksUrl http(s) JWKS endpoint; keys are selected by the token's {@code kid}
 * @param audience when set, the token's {@code aud} (string or array) must contain it
 * @param issuer when set, the token's {@code iss} must equal it
 * @param clockSkew leeway applied to {@code nbf} and {@code iat}; {@code exp} is exact
 * @param jwksCacheTtl how long a fetched JWKS is used before it is fetched again
 * @param jwksMinRefetchInterval minimum gap between two JWKS fetches (unknown {@code kid}, expiry, errors)
 * @param requireExp whether connection tokens without {@code exp} are refused
 * @param allowWeakHmacSecret accept an HMAC secret shorter than {@value #MIN_HMAC_SECRET_BYTES} bytes (test setups
 *        shared with Centrifugo, whose SDK test suites sign with {@code "secret"}); never in production
 */
public record TokenSettings(
        Optional<String> hmacSecret,
        Optional<String> rsaPublicKeyPem,
        Optional<String> ecdsaPublicKeyPem,
        Optional<URI> jwksUrl,
        Optional<String> audience,
        Optional<String> issuer,
        Duration clockSkew,
        Duration jwksCacheTtl,
        Duration jwksMinRefetchInterval,
        boolean requireExp,
        boolean allowWeakHmacSecret) {

    /** RFC 7518 §3.2: an HMAC key must be at least as long as the hash output; HS256 → 32 bytes. */
    public static final int MIN_HMAC_SECRET_BYTES = 32;

    /** Validates eagerly; see the type Javadoc. */
    public TokenSettings {
        Objects.requireNonNull(hmacSecret, "hmacSecret");
        Objects.requireNonNull(rsaPublicKeyPem, "rsaPublicKeyPem");
        Objects.requireNonNull(ecdsaPublicKeyPem, "ecdsaPublicKeyPem");
        Objects.requireNonNull(jwksUrl, "jwksUrl");
        Objects.requireNonNull(audience, "audience");
        Objects.requireNonNull(issuer, "issuer");
        requireNonNegative(clockSkew, "clockSkew");
        requireNonNegative(jwksCacheTtl, "jwksCacheTtl");
        requireNonNegative(jwksMinRefetchInterval, "jwksMinRefetchInterval");
        if (!allowWeakHmacSecret) {
            hmacSecret.ifPresent(TokenSettings::requireStrongSecret);
        }
        rsaPublicKeyPem.ifPresent(PemKeys::rsa);
        ecdsaPublicKeyPem.ifPresent(PemKeys::ec);
        jwksUrl.ifPresent(TokenSettings::requireHttpUrl);
    }

    /**
     * Convenience for the common single-HMAC-secret setup (development, tests).
     *
     * @param secret HMAC secret, at least {@value #MIN_HMAC_SECRET_BYTES} UTF-8 bytes
     * @return settings with a 60 s skew and no audience/issuer checks
     */
    public static TokenSettings hmac(String secret) {
        return new TokenSettings(Optional.of(secret), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Duration.ofSeconds(60), Duration.ofMinutes(5),
                Duration.ofSeconds(30), true, false);
    }

    static void requireStrongSecret(String secret) {
        int len = secret.getBytes(StandardCharsets.UTF_8).length;
        if (len < MIN_HMAC_SECRET_BYTES) {
            // The message names the length, never the secret itself.
            throw new IllegalArgumentException("HMAC secret is too weak: " + len + " bytes, at least "
                    + MIN_HMAC_SECRET_BYTES + " random bytes are required (RFC 7518 §3.2, RFC 8725 §3.5)");
        }
    }

    private static void requireHttpUrl(URI url) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http") || url.getHost() == null) {
            throw new IllegalArgumentException("JWKS URL must be an absolute http(s) URL");
        }
    }

    private static void requireNonNegative(Duration d, String name) {
        if (d == null || d.isNegative()) {
            throw new IllegalArgumentException(name + " must be a non-negative duration");
        }
    }
}
