package io.pulsegate.config;

import java.util.Map;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

/**
 * Root of Pulsegate's configuration. Every key can be set in {@code application.properties}, as a system property, or
 * as an environment variable ({@code pulsegate.client.ping-interval} → {@code PULSEGATE_CLIENT_PING_INTERVAL}). The
 * reference with defaults is {@code docs/configuration.md}.
 */
@ConfigMapping(prefix = "pulsegate")
public interface PulsegateConfig {

    /** Which engine carries publications, history and presence between nodes. */
    enum EngineType {
        /** Embedded single-node engine: history, recovery and presence in this process. */
        MEMORY,
        /** Redis pub/sub, streams and presence shared by every node. */
        REDIS
    }

    /** Engine implementation; {@code memory} needs nothing else and serves one node. */
    @WithDefault("memory")
    EngineType engine();

    /** Redis engine connection (with {@code engine=redis}). */
    RedisConfig redis();

    /** This node's identity. */
    NodeConfig node();

    /** Connection-level behaviour: heartbeats, limits, anonymous access. */
    ClientConfig client();

    /** Verification of connection and subscription JWTs. */
    TokenConfig token();

    /** Channel naming rules and the options of channels without a namespace. */
    ChannelConfig channel();

    /**
     * Per-namespace channel options, keyed by namespace name: {@code pulsegate.namespaces.chat.presence=true} applies to
     * channels {@code chat:*}. A channel whose namespace is not listed is rejected with error 102.
     */
    @WithName("namespaces")
    Map<String, NamespaceConfig> namespaces();

    /** Header-read deadline and pending-handshake cap of the HTTP server. */
    HttpConfig http();

    /** WebSocket frame limits and permessage-deflate. */
    WebSocketConfig websocket();

    /** Server-Sent Events, HTTP streaming and the bidirectional emulation of centrifuge-js. */
    StreamConfig stream();

    /** Server HTTP API for backends. */
    ApiConfig api();

    /** The Socket.IO endpoint (Engine.IO v4, Socket.IO v5). */
    SocketIoConfig socketio();

    /** Admin web UI and its JSON API (off by default). */
    AdminConfig admin();

    /**
     * Named backend proxies, keyed by name: {@code pulsegate.proxies.auth.endpoint=http://app:3000/centrifugo/connect}.
     * Events refer to them by name; an unknown name fails the startup.
     */
    @WithName("proxies")
    Map<String, ProxyConfig> proxies();

    /**
     * Named event-stream sources (Kafka, NATS JetStream, PostgreSQL outbox, Redis streams) whose records become server
     * API commands: {@code pulsegate.consumers.orders.type=kafka}. All off by default.
     */
    @WithName("consumers")
    Map<String, ConsumerConfig> consumers();

    /** Routing of client RPC calls to proxies by RPC namespace. */
    RpcConfig rpc();

    /** Development helpers; never enable them in production. */
    DevConfig dev();

    /** Graceful shutdown. */
    ShutdownConfig shutdown();

    /** Development helpers, off unless enabled (the {@code %dev} profile turns them on). */
    interface DevConfig {

        /**
         * Serve {@code GET /dev/token?user=<name>}, which mints an HS256 connection token with
         * {@code pulsegate.token.hmac-secret} for the demo page. Anyone who can reach it can act as any user.
         */
        @WithDefault("false")
        boolean tokenEndpoint();
    }

    /** Node identity. */
    interface NodeConfig {

        /** Human-readable node name shown by {@code /api/info}; defaults to the host name. */
        Optional<String> name();
    }
}
