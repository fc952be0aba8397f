package io.pulsegate.config;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.WithDefault;

/**
 * Server-Sent Events and HTTP-streaming transports, under {@code pulsegate.stream}: the unidirectional
 * {@code uni_sse}, {@code uni_http_stream} and {@code uni_websocket} endpoints and the bidirectional emulation used by
 * centrifuge-js ({@code /connection/sse}, {@code /connection/http_stream}, {@code /emulation}). They share the origin
 * allowlist, token verification and connection limits of the WebSocket endpoint ({@code pulsegate.client.*}).
 */
public interface StreamConfig {

    /** Serve the streaming endpoints; {@code false} answers 404 on all of them. */
    @WithDefault("true")
    boolean enabled();

    /** Largest connect request (query parameter {@code cf_connect} or POST body) and {@code /emulation} body, bytes. */
    @WithDefault("65536")
    int maxRequestBodySize();

    /**
     * Idle interval after which an SSE stream gets a {@code :} comment line, so proxies that drop silent connections
     * keep it open. At most 15 s is safe behind legacy proxies; {@code 0} disables it.
     */
    @WithDefault("15s")
    Duration heartbeatInterval();

    /** Compress SSE and HTTP-stream responses when the client sends {@code Accept-Encoding: gzip}, flushed per event. */
    @WithDefault("true")
    boolean gzip();

    /** zlib level of stream compression (1 fastest … 9 smallest). */
    @WithDefault("1")
    int gzipLevel();

    /** Longest {@code Last-Event-ID} header accepted for SSE resume; a longer or malformed one is ignored. */
    @WithDefault("2048")
    int lastEventIdMaxLength();

    /**
     * Base reconnection delay an overloaded or draining node suggests to EventSource clients (an SSE {@code retry:}
     * line, jittered up to twice this value) and to other clients ({@code Retry-After}).
     */
    @WithDefault("5s")
    Duration overloadRetry();

    /**
     * Name of a cookie that may carry the connection token (EventSource cannot set {@code Authorization}). Only read
     * when {@code pulsegate.client.allowed-origins} is set, so a foreign page cannot ride on the cookie.
     */
    Optional<String> tokenCookie();
}
