package io.pulsegate.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pulsegate.protocol.json.JsonCodec;
import io.pulsegate.support.TestConfig;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;

/**
 * One HTTP proxy against a real in-process backend: which headers reach it, the deadline, the in-flight cap, failure
 * kinds and the validation of the codes it answers.
 */
class ProxyEndpointTest {

    private static Vertx vertx;
    private static HttpServer backend;
    private static final ConcurrentLinkedQueue<MultiMap> seen = new ConcurrentLinkedQueue<>();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @BeforeAll
    static void startBackend() throws Exception {
        vertx = Vertx.vertx();
        backend = vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
            seen.add(MultiMap.caseInsensitiveMultiMap().addAll(request.headers()));
            String path = request.path();
            switch (path) {
                case "/hang" -> {
                    // never answers: the gateway's deadline must end the call
                }
                case "/503" -> request.response().setStatusCode(503).end();
                case "/code5" -> request.response().end("{\"error\":{\"code\":5,\"message\":\"x\"}}");
                case "/close1000" -> request.response().end("{\"disconnect\":{\"code\":1000,\"reason\":\"x\"}}");
                case "/longreason" -> request.response().end("{\"disconnect\":{\"code\":4000,\"reason\":\""
                        + "é".repeat(100) + "\"}}");
                case "/garbage" -> request.response().end("not json");
                default -> request.response().end("{\"result\":{\"data\":" + body + "}}");
            }
        })).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stopBackend() {
        vertx.close();
    }

    /**
     * Overrides the 300 ms deadline for tests about what is sent, not when: on a loaded machine a timed-out call
     * would leave its request to be recorded after the test polled, and into the next test.
     */
    private static final String UNHURRIED = "pulsegate.proxies.p.timeout";

    private ProxyEndpoint endpoint(String path, String... more) {
        String[] base = {"pulsegate.proxies.p.endpoint", "http://127.0.0.1:" + backend.actualPort() + path,
                "pulsegate.proxies.p.timeout", "300ms"};
        String[] all = new String[base.length + more.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return Proxies.create(TestConfig.of(all), vertx, registry, new JsonCodec()).named("p");
    }

    private static ProxyDecision call(ProxyEndpoint endpoint, Caller caller) throws Exception {
        return endpoint.call(ProxyEvent.RPC, caller, ProxyRequest.rpc("m", "{\"n\":1}".getBytes(
                StandardCharsets.UTF_8))).toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    private static Caller caller(Map<String, String> real, Map<String, String> emulated) {
        Caller.Headers headers = Caller.Headers.of(name -> real.entrySet().stream()
                .filter(e -> e.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue).toList());
        return new Caller("c1", "websocket", "json", "u1", null, headers.withEmulated(emulated));
    }

    @Test
    void forwardsOnlyAllowedHeadersAndNeverEmulatedOnesAsReal() throws Exception {
        ProxyEndpoint endpoint = endpoint("/ok", UNHURRIED, "5s", "pulsegate.proxies.p.http-headers", "Cookie,X-Both",
                "pulsegate.proxies.p.emulated-headers", "Authorization,X-Both",
                "pulsegate.proxies.p.static-headers.X-Secret", "s3", "pulsegate.proxies.p.static-headers.Cookie",
                "static");
        seen.clear();
        ProxyDecision d = call(endpoint, caller(
                Map.of("Cookie", "session=1", "X-User-Id", "real", "X-Both", "real"),
                Map.of("Cookie", "forged", "X-User-Id", "forged", "Authorization", "Bearer t", "X-Both", "forged")));
        String echoed = new String(assertInstanceOf(ProxyDecision.Allowed.class, d).result().data(),
                StandardCharsets.UTF_8);
        assertTrue(echoed.contains("\"user\":\"u1\",\"method\":\"m\",\"data\":{\"n\":1}"), echoed);
        MultiMap headers = seen.poll();
        assertEquals("session=1", headers.get("Cookie"), "a real header wins over a static one");
        assertNull(headers.get("X-User-Id"), "not on the allowlist");
        assertEquals("Bearer t", headers.get("Authorization"), "emulated and allowed as emulated");
        assertEquals("real", headers.get("X-Both"), "the real value wins over the emulated one");
        assertEquals("s3", headers.get("X-Secret"));
        assertEquals("application/json", headers.get("Content-Type"));
        assertEquals(List.of("session=1"), headers.getAll("Cookie"));
    }

    @Test
    void emulatedHeadersNeverFillTheRealHeaderList() throws Exception {
        ProxyEndpoint endpoint = endpoint("/ok", UNHURRIED, "5s", "pulsegate.proxies.p.http-headers",
                "Cookie,X-User-Id");
        seen.clear();
        assertInstanceOf(ProxyDecision.Allowed.class,
                call(endpoint, caller(Map.of(), Map.of("Cookie", "session=admin", "X-User-Id", "admin"))));
        MultiMap headers = seen.poll();
        assertNull(headers.get("Cookie"));
        assertNull(headers.get("X-User-Id"));
    }

    @Test
    void aSilentBackendIsUnavailableAtTheDeadline() throws Exception {
        long started = System.nanoTime();
        ProxyDecision d = call(endpoint("/hang"), caller(Map.of(), Map.of()));
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertEquals(new ProxyDecision.Unavailable("timeout"), d);
        assertTrue(millis >= 250 && millis < 3000, "at the 300 ms deadline, took " + millis);
        assertEquals(1.0, registry.get("pulsegate_proxy_errors_total").tags("kind", "timeout").counter().count());
    }

    @Test
    void statusErrorsRefusedConnectionsAndGarbageAreUnavailable() throws Exception {
        assertEquals(new ProxyDecision.Unavailable("status_503"), call(endpoint("/503"), caller(Map.of(), Map.of())));
        assertEquals(new ProxyDecision.Unavailable("malformed_answer"), call(endpoint("/garbage"), caller(Map.of(),
                Map.of())));
        int closed;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        ProxyEndpoint down = Proxies.create(TestConfig.of("pulsegate.proxies.p.endpoint", "http://127.0.0.1:"
                + closed + "/x"), vertx, registry, new JsonCodec()).named("p");
        assertEquals(new ProxyDecision.Unavailable("connection"), call(down, caller(Map.of(), Map.of())));
    }

    @Test
    void callsBeyondTheInFlightCapFailAtOnce() throws Exception {
        ProxyEndpoint endpoint = endpoint("/hang", "pulsegate.proxies.p.max-in-flight", "1",
                "pulsegate.proxies.p.timeout", "2s");
        var first = endpoint.call(ProxyEvent.RPC, caller(Map.of(), Map.of()), ProxyRequest.rpc("m", null));
        assertEquals(new ProxyDecision.Unavailable("overloaded"), call(endpoint, caller(Map.of(), Map.of())));
        assertEquals(new ProxyDecision.Unavailable("timeout"), first.toCompletableFuture().get(5, TimeUnit.SECONDS));
        assertEquals(0.0, registry.get("pulsegate_proxy_in_flight").gauge().value());
    }

    @Test
    void outOfRangeCodesAreReplacedAndLongReasonsCut() throws Exception {
        ProxyDecision code5 = call(endpoint("/code5"), caller(Map.of(), Map.of()));
        ProxyDecision.Refused refused = assertInstanceOf(ProxyDecision.Refused.class, code5, code5.toString());
        assertEquals(ProxyDecision.TEMPORARY, refused.error());
        assertEquals(new ProxyDecision.Disconnected(3004, "internal server error"), call(endpoint("/close1000"),
                caller(Map.of(), Map.of())));
        ProxyDecision.Disconnected cut = assertInstanceOf(ProxyDecision.Disconnected.class,
                call(endpoint("/longreason"), caller(Map.of(), Map.of())));
        assertEquals(4000, cut.code());
        assertTrue(cut.reason().getBytes(StandardCharsets.UTF_8).length <= 123);
        assertEquals("é".repeat(61), cut.reason(), "cut at a character boundary");
    }
}
