package io.pulsegate.config;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.WithDefault;

/** Admin web UI and its JSON API, under {@code pulsegate.admin}. Off by default. */
public interface AdminConfig {

    /** Serve the admin UI and API under {@link #path()}. While off, everything under the path answers 404. */
    @WithDefault("false")
    boolean enabled();

    /** URL path of the admin UI; its JSON API lives under {@code <path>/api}. */
    @WithDefault("/admin")
    String path();

    /** Password that signs an admin in (compared in constant time). Without it, only an admin JWT signs in. */
    Optional<String> password();

    /**
     * HMAC key (at least 32 bytes) that signs session cookies and verifies admin JWTs (HS256, {@code sub} and
     * {@code exp} required). Give every node of a fleet the same value, or sessions work only on the node that issued
     * them; without it each node signs with a random key and admin JWTs are refused.
     */
    Optional<String> secret();

    /** How long a session cookie stays valid after sign-in. */
    @WithDefault("1h")
    Duration sessionTtl();

    /** Serve the admin UI and API without sign-in. Development only (on in the {@code %dev} profile). */
    @WithDefault("false")
    boolean insecure();
}
