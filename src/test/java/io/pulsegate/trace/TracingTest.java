package io.pulsegate.trace;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Predicate;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * With the SDK on, a server API call is one span with method and channel, an RPC call through the backend proxy is a
 * child span with proxy, event and outcome, and the backend receives the trace in {@code traceparent}.
 */
@QuarkusTest
@TestProfile(TracingTest.Enabled.class)
class TracingTest {

    /** SDK on, spans exported at once, an RPC proxy pointing at {@link Backend}. */
    public static class Enabled implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.otel.sdk.disabled", "false", "quarkus.otel.simple", "true",
                    "quarkus.otel.exporter.otlp.enabled", "false",
                    "pulsegate.rpc.without-namespace.proxy", "rpc",
                    "pulsegate.proxies.rpc.timeout", "5s");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(Backend.class));
        }
    }

    /** An RPC backend on a free loopback port: {@code /rpc} echoes a result; it records the traceparent it got. */
    public static class Backend implements QuarkusTestResourceLifecycleManager {
        static final ConcurrentLinkedQueue<String> TRACEPARENTS = new ConcurrentLinkedQueue<>();
        private HttpServer server;

        @Override
        public Map<String, String> start() {
            try {
                server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            server.createContext("/rpc", exchange -> {
                exchange.getRequestBody().readAllBytes();
                String traceparent = exchange.getRequestHeaders().getFirst("traceparent");
                TRACEPARENTS.add(traceparent == null ? "" : traceparent);
                byte[] answer = "{\"result\":{\"data\":{\"pong\":true}}}".getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, answer.length);
                exchange.getResponseBody().write(answer);
                exchange.close();
            });
            server.start();
            return Map.of("pulsegate.proxies.rpc.endpoint", "http://127.0.0.1:" + server.getAddress().getPort()
                    + "/rpc");
        }

        @Override
        public void stop() {
            server.stop(0);
        }
    }

    @Inject
    InMemorySpanExporter spans;

    @BeforeEach
    void reset() {
        spans.reset();
        Backend.TRACEPARENTS.clear();
    }

    @Test
    void anApiCallIsOneSpanWithMethodAndChannel() {
        api("publish", "{\"channel\":\"chat:traced\",\"data\":{\"n\":1}}").then().statusCode(200)
                .body("result.offset", equalTo(1));
        SpanData span = awaitSpan(s -> s.getName().equals("api publish"));
        assertEquals("publish", span.getAttributes().get(Traces.METHOD));
        assertEquals("chat:traced", span.getAttributes().get(Traces.CHANNEL));
        assertEquals("ok", span.getAttributes().get(Traces.OUTCOME));
        assertEquals(SpanKind.INTERNAL, span.getKind());
    }

    @Test
    void aFailedApiCallIsAnErrorSpan() {
        api("presence", "{\"channel\":\"nope:x\"}").then().statusCode(200).body("error.code", equalTo(102));
        SpanData span = awaitSpan(s -> s.getName().equals("api presence"));
        assertEquals(StatusCode.ERROR, span.getStatus().getStatusCode());
        assertEquals("102", span.getAttributes().get(Traces.OUTCOME));
        assertEquals("nope:x", span.getAttributes().get(Traces.CHANNEL));
    }

    @Test
    void anRpcIsAProxySpanUnderTheApiSpanAndTheBackendGetsTheTrace() {
        api("rpc", "{\"method\":\"ping\",\"data\":{}}").then().statusCode(200)
                .body("result.data.pong", equalTo(true));
        SpanData proxy = awaitSpan(s -> s.getName().equals("proxy rpc"));
        SpanData api = awaitSpan(s -> s.getName().equals("api rpc"));
        assertEquals(SpanKind.CLIENT, proxy.getKind());
        assertEquals("rpc", proxy.getAttributes().get(Traces.PROXY));
        assertEquals("rpc", proxy.getAttributes().get(Traces.EVENT));
        assertEquals("allowed", proxy.getAttributes().get(Traces.OUTCOME));
        assertEquals(api.getSpanId(), proxy.getParentSpanId());
        assertEquals(api.getTraceId(), proxy.getTraceId());
        String traceparent = Backend.TRACEPARENTS.peek();
        assertFalse(traceparent == null || traceparent.isEmpty(), "no traceparent reached the backend");
        assertEquals(proxy.getTraceId(), traceparent.split("-")[1]);
    }

    private static io.restassured.response.Response api(String method, String body) {
        return given().header("X-API-Key", "test-api-key").body(body).post("/api/" + method);
    }

    /** Spans are exported when they end, which for an API call may be just after its answer was written. */
    private SpanData awaitSpan(Predicate<SpanData> match) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            for (SpanData span : spans.getFinishedSpanItems()) {
                if (match.test(span)) {
                    return span;
                }
            }
            Thread.onSpinWait();
        }
        throw new AssertionError("no such span among " + spans.getFinishedSpanItems().stream().map(
                SpanData::getName).toList());
    }
}
