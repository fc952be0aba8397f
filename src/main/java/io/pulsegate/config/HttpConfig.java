package io.pulsegate.config;

import java.time.Duration;

import io.smallrye.config.WithDefault;

/**
 * Connection-level protection of the HTTP server, under {@code pulsegate.http}, enforced below Vert.x by
 * {@code io.pulsegate.transport.handshake} (ADR 0005). It covers every request on the client port: WebSocket
 * upgrades, SSE and HTTP streams, emulation, the server API and health probes.
 */
public interface HttpConfig {

    /**
     * Time a client has to deliver a complete request header block: from TCP accept (TLS handshake included) for the
     * first request, and from its first byte for each later request on a keep-alive connection. A connection that
     * misses it is answered {@code 408} (plain HTTP) and closed; this is what cuts slowloris handshakes. {@code 0}
     * disables the deadline.
     */
    @WithDefault("10s")
    Duration headerTimeout();

    /**
     * Most connections one source address may hold while their request headers are still incomplete. The next one
     * is closed at accept. Behind a load balancer that does not preserve client addresses every client shares the
     * balancer's address: raise this or set {@code 0} (no cap).
     */
    @WithDefault("256")
    int maxPendingHandshakesPerAddress();
}
