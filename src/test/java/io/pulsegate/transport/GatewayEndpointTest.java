package io.pulsegate.transport;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.pulsegate.auth.DevTokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/** The gateway's HTTP surface with a real WebSocket client: origin check, protocol round trip, server API. */
@QuarkusTest
class GatewayEndpointTest {

    private static final String SECRET = "pulsegate-test-secret-0123456789abcdef";

    @TestHTTPResource("/connection/websocket")
    URI endpoint;

    private final HttpClient http = HttpClient.newHttpClient();

    /** Collects text messages and the close code of one connection. */
    private static final class Recorder implements WebSocket.Listener {
        final LinkedBlockingQueue<String> messages = new LinkedBlockingQueue<>();
        final CompletableFuture<Integer> closed = new CompletableFuture<>();
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                for (String item : partial.toString().split("\n")) {
                    messages.add(item);
                }
                partial.setLength(0);
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int code, String reason) {
            closed.complete(code);
            return null;
        }

        String next() throws InterruptedException {
            String m = messages.poll(5, TimeUnit.SECONDS);
            assertTrue(m != null, "message expected");
            return m;
        }
    }

    private WebSocket open(Recorder recorder, String origin) {
        URI ws = URI.create(endpoint.toString().replaceFirst("^http", "ws"));
        WebSocket.Builder builder = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
        if (origin != null) {
            builder.header("Origin", origin);
        }
        return builder.buildAsync(ws, recorder).join();
    }

    private static int upgradeStatus(CompletionException e) {
        return e.getCause() instanceof java.net.http.WebSocketHandshakeException h ? h.getResponse().statusCode() : -1;
    }

    @Test
    void foreignOriginIsRefusedBeforeUpgrade() {
        for (String origin : new String[]{"https://evil.example", "null", "https://app.example.com.evil.com",
                "http://app.example.com"}) {
            CompletionException e = org.junit.jupiter.api.Assertions.assertThrows(CompletionException.class,
                    () -> open(new Recorder(), origin));
            assertEquals(403, upgradeStatus(e), origin);
        }
    }

    @Test
    void allowedOriginsAndNativeClientsConnectAndSpeakTheProtocol() throws Exception {
        for (String origin : new String[]{"https://app.example.com", "https://eu.cdn.example.org", null}) {
            Recorder recorder = new Recorder();
            WebSocket ws = open(recorder, origin);
            String token = DevTokens.connectionToken(SECRET, "alice", Duration.ofMinutes(5));
            ws.sendText("{\"id\":1,\"connect\":{\"token\":\"" + token + "\"}}\n"
                    + "{\"id\":2,\"subscribe\":{\"channel\":\"chat:endpoint\"}}", true).join();
            assertTrue(recorder.next().startsWith("{\"id\":1,\"connect\":{\"client\":\""));
            assertTrue(recorder.next().startsWith("{\"id\":2,\"subscribe\":{\"recoverable\":true"));
            ws.sendClose(1000, "").join();
        }
    }

    @Test
    void binaryFrameOnJsonConnectionAndCommandBeforeConnectClose() throws Exception {
        Recorder binary = new Recorder();
        open(binary, null).sendBinary(java.nio.ByteBuffer.wrap(new byte[]{1, 2, 3}), true).join();
        assertEquals(1003, binary.closed.get(5, TimeUnit.SECONDS));

        Recorder early = new Recorder();
        open(early, null).sendText("{\"id\":1,\"subscribe\":{\"channel\":\"chat:x\"}}", true).join();
        assertEquals(3501, early.closed.get(5, TimeUnit.SECONDS));

        Recorder garbage = new Recorder();
        open(garbage, null).sendText("not json", true).join();
        assertEquals(3501, garbage.closed.get(5, TimeUnit.SECONDS));
    }

    @Test
    void connectionThatNeverConnectsIsClosedAsStale() throws Exception {
        Recorder stale = new Recorder();
        open(stale, null);
        assertEquals(3502, stale.closed.get(10, TimeUnit.SECONDS));
    }

    @Test
    void serverApiNeedsTheKeyAndPublishesToSubscribers() throws Exception {
        given().body("{\"channel\":\"chat:api\",\"data\":{}}").post("/api/publish").then().statusCode(401);
        given().header("X-API-Key", "wrong").body("{}").post("/api/info").then().statusCode(401);

        Recorder recorder = new Recorder();
        WebSocket ws = open(recorder, null);
        String token = DevTokens.connectionToken(SECRET, "bob", Duration.ofMinutes(5));
        ws.sendText("{\"id\":1,\"connect\":{\"token\":\"" + token + "\"}}\n"
                + "{\"id\":2,\"subscribe\":{\"channel\":\"chat:api\"}}", true).join();
        recorder.next();
        recorder.next();

        given().header("Authorization", "apikey test-api-key").body("{\"channel\":\"chat:api\",\"data\":{\"n\":1}}")
                .post("/api/publish").then().statusCode(200).body("result.offset", equalTo(1))
                .body("result.epoch", startsWith(""));
        assertTrue(recorder.next().startsWith("{\"push\":{\"channel\":\"chat:api\",\"pub\":{\"data\":{\"n\":1},"));

        given().header("X-API-Key", "test-api-key").body("{\"channel\":\"nope:x\",\"data\":{}}")
                .post("/api/publish").then().statusCode(200).body("error.code", equalTo(102));
        given().header("X-API-Key", "test-api-key").body("{not json").post("/api/publish").then().statusCode(400);
        given().header("X-API-Key", "test-api-key").body("{}").post("/api/info").then().statusCode(200)
                .body("result.nodes[0].num_clients", equalTo(1));
        given().header("X-API-Key", "test-api-key").body("{\"user\":\"bob\",\"disconnect\":{\"code\":4500,"
                + "\"reason\":\"bye\"}}").post("/api/disconnect").then().statusCode(200);
        assertEquals(4500, recorder.closed.get(5, TimeUnit.SECONDS));
    }

    @Test
    void probesAndMetricsAnswer() {
        given().get("/q/health/ready").then().statusCode(200);
        given().get("/q/health/live").then().statusCode(200);
        given().get("/q/health/started").then().statusCode(200);
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertTrue(metrics.contains("pulsegate_connections"), "gateway meters exported");
    }
}
