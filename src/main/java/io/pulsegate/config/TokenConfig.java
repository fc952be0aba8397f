package io.pulsegate.config;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.WithDefault;

/**
 * JWT verification keys and rules, under {@code pulsegate.token}. Each configured key accepts only its own algorithm
 * family (HMAC: HS256/384/512, RSA: RS256/384/512, EC: ES256/384/512); {@code alg:none} is never accepted.
 */
public interface TokenConfig {

    /** HMAC secret for HS256/384/512 tokens; at least 32 bytes. */
    Optional<String> hmacSecret();

    /** PEM-encoded RSA public key for RS256/384/512 tokens. */
    Optional<String> rsaPublicKey();

    /** PEM-encoded EC public key for ES256/384/512 tokens. */
    Optional<String> ecdsaPublicKey();

    /** JWKS endpoint; keys are looked up by {@code kid}. */
    Optional<URI> jwksUrl();

    /** Required {@code aud} claim; not checked when absent. */
    Optional<String> audience();

    /** Required {@code iss} claim; not checked when absent. */
    Optional<String> issuer();

    /**
     * Tolerated clock difference between the token issuer and this node for {@code nbf} and {@code iat} (a token
     * issued by a clock slightly ahead is accepted). {@code exp} is not stretched: a token past its {@code exp} is
     * expired (error 109), which the SDKs answer by fetching a fresh token, as with Centrifugo.
     */
    @WithDefault("60s")
    Duration clockSkew();

    /**
     * Whether a connection token must carry {@code exp}. A token without it would never expire, so a leaked one
     * stays valid until the secret rotates. Set to false for Centrifugo-compatible deployments that issue connection
     * tokens without {@code exp} (Centrifugo accepts them). Subscription tokens may always omit it: they only live
     * within a connection.
     */
    @WithDefault("true")
    boolean requireExp();

    /** How long fetched JWKS keys are cached. */
    @WithDefault("10m")
    Duration jwksCacheTtl();

    /** Minimum interval between refetches forced by an unknown {@code kid}, so a spray of forged kids stays cheap. */
    @WithDefault("1m")
    Duration jwksMinRefetchInterval();

    /**
     * Accept an HMAC secret shorter than 32 bytes. Only for test environments shared with Centrifugo's SDK test
     * suites, which sign with {@code "secret"}; a short secret can be brute-forced offline from any token.
     */
    @WithDefault("false")
    boolean allowWeakHmacSecret();
}
