package io.pulsegate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;

import org.junit.jupiter.api.Test;

import io.pulsegate.auth.DevTokens;
import io.pulsegate.support.WsRecorder;

/** Node lifecycle and connection limits against the packaged gateway running as a real process. */
class LifecycleIT {

    private static final String SECRET = "lifecycle-it-secret-0123456789abcdef";

    private final HttpClient http = HttpClient.newHttpClient();

    private WsRecorder connect(GatewayProcess gw, String user, Map<String, String> headers, boolean tokenInCommand)
            throws Exception {
        WsRecorder recorder = new WsRecorder();
        WebSocket ws = WsRecorder.open(http, URI.create(gw.webSocketUrl()), recorder, headers);
        String token = DevTokens.connectionToken(SECRET, user, Duration.ofMinutes(10));
        ws.sendText(
                tokenInCommand ? "{\"id\":1,\"connect\":{\"token\":\"" + token + "\"}}" : "{\"id\":1,\"connect\":{}}",
                true).join();
        return recorder;
    }

    private int status(GatewayProcess gw, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(gw.httpUrl() + path)).timeout(Duration.ofSeconds(2))
                .build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Test
    void sigtermDrainsReadinessFirstThenClosesClientsWith3001SpreadOverTheWindow() throws Exception {
        try (GatewayProcess gw = GatewayProcess.builder("lifecycle-drain")
                .property("pulsegate.token.hmac-secret", SECRET)
                .property("pulsegate.shutdown.drain-window", "3s")
                .start()) {
            List<WsRecorder> clients = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                WsRecorder client = connect(gw, "user" + i, Map.of(), true);
                assertTrue(client.next().startsWith("{\"id\":1,\"connect\":{\"client\""));
                clients.add(client);
            }
            long sigterm = System.nanoTime();
            gw.terminate();
            int ready = 200;
            for (int i = 0; i < 50 && ready == 200; i++) {
                ready = status(gw, "/q/health/ready");
            }
            assertEquals(503, ready, "readiness goes down at once");
            CompletionException refused = assertThrows(CompletionException.class,
                    () -> connect(gw, "late", Map.of(), true));
            assertTrue(refused.getCause() instanceof WebSocketHandshakeException h
                    && h.getResponse().statusCode() == 503, "new upgrades refused while draining");

            long first = Long.MAX_VALUE;
            long last = 0;
            for (WsRecorder client : clients) {
                assertEquals(3001, client.closeCode(10));
                first = Math.min(first, client.closedAtNanos);
                last = Math.max(last, client.closedAtNanos);
            }
            assertTrue(last - first > 500_000_000L, "closes spread over the window, not all at once");
            assertTrue(last - sigterm < 4_000_000_000L, "every client closed within the drain window");
            assertTrue(gw.awaitExit(Duration.ofSeconds(5)), "process exits after the drain window");
        }
    }

    @Test
    void connectionLimitsPerNodeAndPerUserAndBearerHeader() throws Exception {
        try (GatewayProcess gw = GatewayProcess.builder("lifecycle-limits")
                .property("pulsegate.token.hmac-secret", SECRET)
                .property("pulsegate.client.connection-limit", "3")
                .property("pulsegate.client.user-connection-limit", "2")
                .start()) {
            String bearer = "Bearer " + DevTokens.connectionToken(SECRET, "alice", Duration.ofMinutes(10));
            WsRecorder viaHeader = connect(gw, "ignored", Map.of("Authorization", bearer), false);
            assertTrue(viaHeader.next().startsWith("{\"id\":1,\"connect\":{\"client\""), "token from the header");
            assertTrue(connect(gw, "alice", Map.of(), true).next().contains("\"connect\""));
            assertEquals(3504, connect(gw, "alice", Map.of(), true).closeCode(5), "third connection of one user");
            assertTrue(connect(gw, "bob", Map.of(), true).next().contains("\"connect\""));
            assertEquals(3504, connect(gw, "carol", Map.of(), true).closeCode(5), "fourth connection on the node");
            // streams count against the same limits: the node is full, so an SSE client is told to come back later
            HttpResponse<String> sse = http.send(HttpRequest.newBuilder(URI.create(gw.httpUrl()
                    + "/connection/uni_sse?cf_connect=" + java.net.URLEncoder.encode("{\"token\":\""
                            + DevTokens.connectionToken(SECRET, "dora", Duration.ofMinutes(10)) + "\"}",
                            java.nio.charset.StandardCharsets.UTF_8)))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, sse.statusCode());
            assertTrue(sse.body().startsWith("retry: "), "SSE refused with a retry hint: " + sse.body());
            String metrics = http.send(HttpRequest.newBuilder(URI.create(gw.httpUrl() + "/q/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            assertTrue(metrics.contains("pulsegate_limit_rejections_total{limit=\"connections\"} 3.0"), metrics
                    .lines().filter(l -> l.contains("limit_rejections")).toList().toString());
        }
    }
}
