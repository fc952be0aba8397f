package io.pulsegate.config;

import java.util.Optional;

import io.smallrye.config.WithDefault;

/** Server HTTP API, under {@code pulsegate.api}. */
public interface ApiConfig {

    /**
     * Key backends send as {@code X-API-Key: <key>} or {@code Authorization: apikey <key>}. The API answers 401 to
     * everyone while no key is set, unless {@link #insecure()} is on.
     */
    Optional<String> key();

    /** Serve the API without a key. Development only. */
    @WithDefault("false")
    boolean insecure();

    /** Maximum request body size in bytes. */
    @WithDefault("1048576")
    int maxBodySize();
}
