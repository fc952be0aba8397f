package io.pulsegate.config;

import java.time.Duration;

import io.smallrye.config.WithDefault;

/** Graceful shutdown, under {@code pulsegate.shutdown}. */
public interface ShutdownConfig {

    /**
     * On SIGTERM, readiness goes down at once, new connections are refused, and open connections are closed with 3001
     * at random moments spread over this window, so clients do not reconnect all at once.
     */
    @WithDefault("10s")
    Duration drainWindow();
}
