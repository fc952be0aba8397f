package io.pulsegate.it;

import static io.pulsegate.it.JavaSdk.await;
import static io.pulsegate.it.JavaSdk.next;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.github.centrifugal.centrifuge.Client;
import io.github.centrifugal.centrifuge.Options;
import io.github.centrifugal.centrifuge.RPCResult;
import io.github.centrifugal.centrifuge.ReplyError;
import io.pulsegate.it.JavaSdk.ClientEvents;

/**
 * The backend proxy end to end: the test backend (a Node process answering over HTTP and gRPC), one gateway whose
 * proxies use HTTP, one whose proxies use gRPC, and one whose proxies point at a closed port. centrifuge-js (JSON and
 * Protobuf builds, {@code src/it/js/proxy}) and centrifuge-java drive them.
 */
class ProxyIT {

    private static ProxyBackend backend;
    private static GatewayProcess http;
    private static GatewayProcess grpc;
    private static GatewayProcess down;

    @BeforeAll
    static void start() throws Exception {
        backend = ProxyBackend.start("proxy-backend");
        String base = backend.httpUrl() + "/";
        http = GatewayProcess.builder("proxy-http").properties(config(e -> base + e)).start();
        grpc = GatewayProcess.builder("proxy-grpc").properties(config(e -> "grpc://127.0.0.1:" + backend.grpcPort))
                .start();
        int closed = ProxyBackend.freePort();
        down = GatewayProcess.builder("proxy-down").properties(config(e -> "http://127.0.0.1:" + closed + "/" + e))
                .start();
    }

    @AfterAll
    static void stop() throws Exception {
        for (AutoCloseable c : new AutoCloseable[]{http, grpc, down, backend}) {
            if (c != null) {
                c.close();
            }
        }
    }

    /** Every event through a proxy; {@code endpoint} maps an event name to its proxy endpoint. */
    static Map<String, String> config(java.util.function.Function<String, String> endpoint) {
        Map<String, String> c = new LinkedHashMap<>(CentrifugeJsIT.gatewayConfig());
        for (String event : new String[]{"connect", "refresh", "subscribe", "publish", "sub_refresh", "rpc"}) {
            c.put("pulsegate.proxies." + event + ".endpoint", endpoint.apply(event));
            c.put("pulsegate.proxies." + event + ".timeout", "500ms");
        }
        c.put("pulsegate.proxies.connect.http-headers", "Cookie,X-User-Id,X-Session");
        c.put("pulsegate.proxies.connect.emulated-headers", "Authorization,X-Session");
        c.put("pulsegate.proxies.rpc.http-headers", "Cookie,X-User-Id,X-Other");
        c.put("pulsegate.proxies.rpc.include-connection-meta", "true");
        c.put("pulsegate.proxies.down.endpoint", "http://127.0.0.1:" + closedPort() + "/rpc");
        c.put("pulsegate.client.proxy.connect", "connect");
        c.put("pulsegate.client.proxy.refresh", "refresh");
        c.put("pulsegate.client.proxy.refresh-retry-interval", "1s");
        c.put("pulsegate.namespaces.px.history-size", "10");
        c.put("pulsegate.namespaces.px.history-ttl", "5m");
        c.put("pulsegate.namespaces.px.presence", "true");
        c.put("pulsegate.namespaces.px.allow-presence-for-subscriber", "true");
        c.put("pulsegate.namespaces.px.subscribe-proxy", "subscribe");
        c.put("pulsegate.namespaces.px.publish-proxy", "publish");
        c.put("pulsegate.namespaces.px.sub-refresh-proxy", "sub_refresh");
        c.put("pulsegate.rpc.without-namespace.proxy", "rpc");
        c.put("pulsegate.rpc.namespaces.down.proxy", "down");
        return c;
    }

    private static int closedPort() {
        try {
            return ProxyBackend.freePort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @ParameterizedTest(name = "{0} proxies, {1} client")
    @CsvSource({"http, json", "http, protobuf", "grpc, json", "grpc, protobuf"})
    void centrifugeJs(String wire, String format) throws Exception {
        GatewayProcess gateway = wire.equals("grpc") ? grpc : http;
        NodeSuites.run("proxy/proxy.test.mjs", Map.of(
                "PULSEGATE_HTTP_URL", gateway.httpUrl(),
                "PULSEGATE_WS_URL", gateway.webSocketUrl(),
                "PULSEGATE_API_KEY", CentrifugeJsIT.API_KEY,
                "PULSEGATE_HMAC_SECRET", CentrifugeJsIT.HMAC_SECRET,
                "PULSEGATE_BACKEND_URL", backend.httpUrl(),
                "PULSEGATE_DOWN_HTTP_URL", down.httpUrl(),
                "PULSEGATE_PROXY_WIRE", wire,
                "PULSEGATE_FORMAT", format), gateway.logFile());
    }

    /** centrifuge-java (Protobuf): a cookie session through the connect proxy, then RPC with data and an error. */
    @ParameterizedTest(name = "{0} proxies")
    @ValueSource(strings = {"http", "grpc"})
    void centrifugeJavaConnectsByCookieAndCallsRpc(String wire) throws Exception {
        GatewayProcess gateway = wire.equals("grpc") ? grpc : http;
        String user = "java-" + UUID.randomUUID().toString().substring(0, 8);
        Options opts = new Options();
        opts.setHeaders(Map.of("Cookie", "session=user-" + user));
        opts.setMinReconnectDelay(100);
        opts.setMaxReconnectDelay(500);
        ClientEvents events = new ClientEvents();
        Client client = new Client(gateway.webSocketUrl(), opts, events);
        try {
            client.connect();
            String data = new String(next(events.connected, "connected").getData(), StandardCharsets.UTF_8);
            assertTrue(data.contains("\"greeting\":\"hello " + user + "\""), data);
            RPCResult echo = await(cb -> client.rpc("echo", "{\"n\":7}".getBytes(StandardCharsets.UTF_8), cb));
            assertEquals("{\"n\":7}", new String(echo.getData(), StandardCharsets.UTF_8));
            RPCResult who = await(cb -> client.rpc("whoami", "{}".getBytes(StandardCharsets.UTF_8), cb));
            String whoami = new String(who.getData(), StandardCharsets.UTF_8);
            assertTrue(whoami.contains("\"user\":\"" + user + "\"") && whoami.contains("\"protocol\":\"protobuf\""),
                    whoami);
            CompletableFuture<String> failure = new CompletableFuture<>();
            client.rpc("fail", "{}".getBytes(StandardCharsets.UTF_8), (error, result) -> failure.complete(
                    error instanceof ReplyError e ? e.getCode() + " " + e.getMessage() : "no reply error: " + error));
            String failed = failure.get(JavaSdk.WAIT_SECONDS, TimeUnit.SECONDS);
            assertTrue(failed.contains("1002") && failed.contains("application error"), failed);
        } finally {
            client.close(2000);
        }
    }
}
