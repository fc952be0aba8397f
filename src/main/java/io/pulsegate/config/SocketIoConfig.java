package io.pulsegate.config;

import java.util.List;
import java.util.Optional;

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
     * Path of the Engine.IO endpoint, as socket.io-client's {@code path} option names it, with its trailing slash
     * (e.g. {@code /realtime/socket.io/} behind a path-routing ingress). WebSocket upgrades to {@code /socket.io/}
     * are accepted too.
     */
    @WithDefault("/socket.io/")
    String path();

    /**
     * Publication tag naming the Socket.IO event a publication reaches clients as: a publication with tag
     * {@code event=message:new} arrives as {@code socket.on('message:new', data => …)}.
     */
    @WithDefault("event")
    String eventTag();

    /** Event name of a publication without the {@link #eventTag()} tag. */
    @WithDefault("message")
    String defaultEvent();

    /**
     * Connection state recovery (socket.io-client 4.6+): every event carries the connection's position in its
     * channels as a last string argument, and a reconnecting client gets what it missed from history with
     * {@code socket.recovered === true}, or a fresh connection when history cannot cover the gap. Needs history and
     * recovery on the channels' namespaces. Off, events carry only their data.
     */
    @WithDefault("true")
    boolean connectionStateRecovery();

    /**
     * Socket.IO namespaces clients may connect to, e.g. {@code /,/chat}. Each namespace connection is a client session
     * of its own over the shared Engine.IO socket, authenticated by its own CONNECT {@code auth}; its rooms are its
     * token's (or connect proxy's) channels. A CONNECT to any other namespace gets {@code Invalid namespace}.
     */
    @WithDefault("/")
    List<String> namespaces();

    /**
     * Events that are publications instead of RPCs: {@code emit(event, channel, data, ack)} publishes {@code data}
     * into {@code channel} with tag {@code event-tag=event}, through the same checks as a Centrifugo client's
     * {@code publish} (the channel namespace's {@code allow-publish-*} or publish proxy); the ack is an empty object or
     * the error. Applies in every namespace. Empty: every event is an RPC.
     */
    Optional<List<String>> publishEvents();
}
