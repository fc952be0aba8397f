package io.pulsegate.config;

import io.smallrye.config.WithDefault;

/**
 * The Socket.IO endpoint {@code /socket.io/} (Engine.IO v4, Socket.IO v5; ADR 0007), under {@code pulsegate.socketio}.
 * Socket.IO connections are client sessions like Centrifugo ones: the same token, connect proxy, channels, limits and
 * heartbeat settings ({@code pulsegate.client.ping-interval} and {@code pong-timeout} become Engine.IO's
 * {@code pingInterval} and {@code pingTimeout}).
 */
public interface SocketIoConfig {

    /** Accept Socket.IO clients. When off, upgrades to {@code /socket.io/} are answered {@code 404}. */
    @WithDefault("false")
    boolean enabled();

    /**
     * Publication tag naming the Socket.IO event a publication reaches clients as: a publication with tag
     * {@code event=message:new} arrives as {@code socket.on('message:new', data => …)}.
     */
    @WithDefault("event")
    String eventTag();

    /** Event name of a publication without the {@link #eventTag()} tag. */
    @WithDefault("message")
    String defaultEvent();
}
