package io.pulsegate.proxy;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.trace.Tracer;
import io.pulsegate.config.ClientConfig;
import io.pulsegate.config.NamespaceConfig;
import io.pulsegate.config.ProxyConfig;
import io.pulsegate.config.PulsegateConfig;
import io.pulsegate.config.RpcConfig;
import io.pulsegate.protocol.json.JsonCodec;
import io.pulsegate.trace.Traces;
import io.vertx.core.Vertx;

/**
 * The node's backend proxies by name, and which of them each event uses: connect and refresh connection-wide,
 * subscribe, publish and sub_refresh per channel namespace (resolved by {@code ChannelPolicy}), rpc per RPC
 * namespace. Built once at startup; an event naming an unknown proxy, or an endpoint that is neither HTTP(S) nor gRPC,
 * fails the startup. Thread-safe and immutable after construction.
 */
public final class Proxies {

    /** No proxy configured: connects need tokens, RPC answers 108. */
    public static final Proxies NONE = new Proxies(Map.of(), null, false, null, RpcConfigView.EMPTY);

    private final Map<String, ProxyEndpoint> endpoints;
    private final ProxyEndpoint connect;
    private final boolean connectAlways;
    private final ProxyEndpoint refresh;
    private final RpcConfigView rpc;
    private final boolean emulatedHeaders;

    private Proxies(Map<String, ProxyEndpoint> endpoints, ProxyEndpoint connect, boolean connectAlways,
            ProxyEndpoint refresh, RpcConfigView rpc) {
        this.endpoints = Map.copyOf(endpoints);
        this.connect = connect;
        this.connectAlways = connectAlways;
        this.refresh = refresh;
        this.rpc = rpc;
        this.emulatedHeaders = endpoints.values().stream().anyMatch(ProxyEndpoint::forwardsEmulatedHeaders);
    }

    /** Builds every configured proxy, untraced, and checks every reference to one. */
    public static Proxies create(PulsegateConfig config, Vertx vertx, MeterRegistry registry, JsonCodec json) {
        return create(config, vertx, registry, json, Traces.NOOP);
    }

    /** Builds every configured proxy, each call a span of {@code tracer}, and checks every reference to one. */
    public static Proxies create(PulsegateConfig config, Vertx vertx, MeterRegistry registry, JsonCodec json,
            Tracer tracer) {
        ProxyMetrics metrics = new ProxyMetrics(registry);
        Map<String, ProxyEndpoint> endpoints = new LinkedHashMap<>();
        config.proxies().forEach((name, c) -> endpoints.put(name, endpoint(name, c, vertx, metrics, json,
                tracer)));
        ClientConfig.ProxyEvents client = config.client().proxy();
        ProxyEndpoint connect = client.connect().map(n -> require(endpoints, n, "pulsegate.client.proxy.connect"))
                .orElse(null);
        ProxyEndpoint refresh = client.refresh().map(n -> require(endpoints, n, "pulsegate.client.proxy.refresh"))
                .orElse(null);
        checkNamespace(endpoints, "pulsegate.channel.without-namespace", config.channel().withoutNamespace());
        config.namespaces().forEach((ns, c) -> checkNamespace(endpoints, "pulsegate.namespaces." + ns, c));
        RpcConfigView rpc = RpcConfigView.of(config.rpc(), endpoints);
        return new Proxies(endpoints, connect, client.connectMode() == ClientConfig.ProxyEvents.ConnectMode.ALWAYS,
                refresh, rpc);
    }

    private static ProxyEndpoint endpoint(String name, ProxyConfig c, Vertx vertx, ProxyMetrics metrics,
            JsonCodec json, Tracer tracer) {
        String scheme = c.endpoint().getScheme() == null ? "" : c.endpoint().getScheme().toLowerCase();
        if (c.endpoint().getHost() == null) {
            throw new IllegalArgumentException("pulsegate.proxies." + name + ".endpoint has no host");
        }
        return switch (scheme) {
            case "http", "https" -> new ProxyEndpoint(name, c, new JsonProxyCodec(json.factory()),
                    new HttpWire(vertx, c.endpoint(), c.http2(), c.maxConnections()), metrics, vertx, tracer);
            case "grpc" -> new ProxyEndpoint(name, c, new ProtobufProxyCodec(),
                    new GrpcWire(vertx, c.endpoint(), c.maxConnections()), metrics, vertx, tracer);
            default -> throw new IllegalArgumentException("pulsegate.proxies." + name
                    + ".endpoint must be http://, https:// or grpc://");
        };
    }

    private static void checkNamespace(Map<String, ProxyEndpoint> endpoints, String key, NamespaceConfig c) {
        c.subscribeProxy().ifPresent(n -> require(endpoints, n, key + ".subscribe-proxy"));
        c.publishProxy().ifPresent(n -> require(endpoints, n, key + ".publish-proxy"));
        c.subRefreshProxy().ifPresent(n -> require(endpoints, n, key + ".sub-refresh-proxy"));
    }

    static ProxyEndpoint require(Map<String, ProxyEndpoint> endpoints, String name, String key) {
        ProxyEndpoint endpoint = endpoints.get(name);
        if (endpoint == null) {
            throw new IllegalArgumentException(key + " names proxy '" + name + "', but pulsegate.proxies." + name
                    + ".endpoint is not configured");
        }
        return endpoint;
    }

    /** @return the proxy deciding connects, if any */
    public Optional<ProxyEndpoint> connect() {
        return Optional.ofNullable(connect);
    }

    /** @return whether connects that carry a token go to the connect proxy too */
    public boolean connectAlways() {
        return connectAlways;
    }

    /** @return the proxy refreshing connections server-side, if any */
    public Optional<ProxyEndpoint> refresh() {
        return Optional.ofNullable(refresh);
    }

    /** @return a proxy by name; names were checked at startup, so {@code null} only for a name never configured */
    public ProxyEndpoint named(String name) {
        return name == null ? null : endpoints.get(name);
    }

    /** @return where an RPC method goes */
    public RpcRoute rpc(String method) {
        return rpc.route(method);
    }

    /** @return whether some proxy forwards emulated headers, so connections must keep them */
    public boolean keepsEmulatedHeaders() {
        return emulatedHeaders;
    }

    /** Closes every backend's connection pool. */
    public void close() {
        endpoints.values().forEach(ProxyEndpoint::close);
    }

    /** RPC namespaces resolved to endpoints. */
    record RpcConfigView(String boundary, RpcRoute withoutNamespace, Map<String, RpcRoute> namespaces) {

        static final RpcConfigView EMPTY = new RpcConfigView(":", RpcRoute.NOT_AVAILABLE, Map.of());

        static RpcConfigView of(RpcConfig c, Map<String, ProxyEndpoint> endpoints) {
            Map<String, RpcRoute> namespaces = new HashMap<>();
            c.namespaces().forEach((ns, n) -> namespaces.put(ns, route(n, endpoints, "pulsegate.rpc.namespaces." + ns
                    + ".proxy")));
            return new RpcConfigView(c.namespaceBoundary(), route(c.withoutNamespace(), endpoints,
                    "pulsegate.rpc.without-namespace.proxy"), namespaces);
        }

        private static RpcRoute route(RpcConfig.RpcNamespaceConfig n, Map<String, ProxyEndpoint> endpoints,
                String key) {
            return n.proxy().map(name -> new RpcRoute(require(endpoints, name, key), null))
                    .orElse(RpcRoute.NOT_AVAILABLE);
        }

        RpcRoute route(String method) {
            int at = boundary.isEmpty() ? -1 : method.indexOf(boundary);
            if (at < 0) {
                return withoutNamespace;
            }
            return namespaces.getOrDefault(method.substring(0, at), RpcRoute.NOT_FOUND);
        }
    }
}
