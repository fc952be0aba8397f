package io.pulsegate.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.smallrye.config.WithDefault;

/**
 * One named backend proxy, under {@code pulsegate.proxies.<name>}: where Pulsegate sends connection events (connect,
 * refresh, subscribe, publish, sub_refresh, rpc) for the application to decide. The request and response bodies are
 * Centrifugo's proxy contract (see {@code docs/proxy.md}), so a backend written for Centrifugo answers unchanged. Events
 * name the proxy they use: {@code pulsegate.client.proxy.connect}, {@code pulsegate.namespaces.<ns>.subscribe-proxy},
 * {@code pulsegate.rpc.namespaces.<ns>.proxy}, …
 */
public interface ProxyConfig {

    /**
     * {@code http://} or {@code https://} URL receiving a JSON POST per event, or {@code grpc://host:port} of a
     * server implementing Centrifugo's {@code CentrifugoProxy} gRPC service ({@code src/main/proto/proxy.proto}).
     */
    URI endpoint();

    /** Deadline of one call; past it the client gets the temporary error 100 (a uni-transport connect: 3004). */
    @WithDefault("1s")
    Duration timeout();

    /**
     * Headers of the client's HTTP connection request (the WebSocket upgrade or the stream request) to forward, e.g.
     * {@code Cookie,Authorization,X-Forwarded-For}: as HTTP headers, or gRPC metadata. None by default. Trust them only
     * when a reverse proxy the client cannot bypass sets them.
     */
    Optional<List<String>> httpHeaders();

    /**
     * Headers a client may send inside its connect command ("headers emulation", centrifuge-js {@code headers}) to
     * forward. Client-controlled: list only names the backend validates as untrusted input (a signed token). A real
     * connection header of the same name wins; emulated values never pass through {@code http-headers}.
     */
    Optional<List<String>> emulatedHeaders();

    /** Headers (gRPC: metadata) added to every call, e.g. a shared secret. Forwarded headers of the same name win. */
    Map<String, String> staticHeaders();

    /** Send payloads as base64 ({@code b64data}, encoding {@code binary}) instead of raw JSON, for binary clients. */
    @WithDefault("false")
    boolean binaryEncoding();

    /** Include the connection's {@code meta} (from the connection token or the connect proxy) in every request. */
    @WithDefault("false")
    boolean includeConnectionMeta();

    /** HTTP endpoints only: speak HTTP/2 (h2c prior knowledge for {@code http://}, ALPN for {@code https://}). */
    @WithDefault("false")
    boolean http2();

    /** Pooled keep-alive connections to the backend (HTTP/1.1; HTTP/2 and gRPC multiplex over fewer). */
    @WithDefault("64")
    int maxConnections();

    /**
     * Calls to this backend in flight on this node; beyond it events fail at once with the temporary error 100, so a
     * backend that stops answering holds a bounded number of requests and no connection waits on it.
     */
    @WithDefault("1000")
    int maxInFlight();
}
