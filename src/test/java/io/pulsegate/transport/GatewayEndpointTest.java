package io.pulsegate.transport;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.pulsegate.auth.DevTokens;
import io.pulsegate.support.WsRecorder;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/** The gateway's HTTP surface with a real WebSocket client: origin check, protocol round trip, server API. */
@QuarkusTest
class GatewayEndpointTest {

    private static final String SECRET = "pulsegate-test-secret-0123456789abcdef";

    @TestHTTPResource("/connection/websocket")
    URI endpoint;

    private final HttpClient http = HttpClient.newHttpClient();

    private WebSocket open(WsRecorder recorder, String origin) {
        URI ws = URI.create(endpoint.toString().replaceFirst("^http", "ws"));
        return WsRecorder.open(http, ws, recorder, origin == null ? Map.of() : Map.of("Origin", origin));
    }

    private static int upgradeStatus(CompletionException e) {
        return e.getCause() instanceof java.net.http.WebSocketHandshakeException h ? h.getResponse().statusCode() : -1;
    }

    @Test
    void foreignOriginIsRefusedBeforeUpgrade() {
        for (String origin : new String[]{"https://evil.example", "null", "https://app.example.com.evil.com",
                "http://app.example.com"}) {
            CompletionException e = org.junit.jupiter.api.Assertions.assertThrows(CompletionException.class,
                    () -> open(new WsRecorder(), origin));
            assertEquals(403, upgradeStatus(e), origin);
        }
    }

    @Test
    void allowedOriginsAndNativeClientsConnectAndSpeakTheProtocol() throws Exception {
        for (String origin : new String[]{"https://app.example.com", "https://eu.cdn.example.org", null}) {
            WsRecorder recorder = new WsRecorder();
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
        WsRecorder binary = new WsRecorder();
        open(binary, null).sendBinary(java.nio.ByteBuffer.wrap(new byte[]{1, 2, 3}), true).join();
        assertEquals(1003, binary.closed.get(5, TimeUnit.SECONDS));

        WsRecorder early = new WsRecorder();
        open(early, null).sendText("{\"id\":1,\"subscribe\":{\"channel\":\"chat:x\"}}", true).join();
        assertEquals(3501, early.closed.get(5, TimeUnit.SECONDS));

        WsRecorder garbage = new WsRecorder();
        open(garbage, null).sendText("not json", true).join();
        assertEquals(3501, garbage.closed.get(5, TimeUnit.SECONDS));
    }

    @Test
    void connectionThatNeverConnectsIsClosedAsStale() throws Exception {
        WsRecorder stale = new WsRecorder();
        open(stale, null);
        assertEquals(3502, stale.closed.get(10, TimeUnit.SECONDS));
    }

    @Test
    void serverApiNeedsTheKeyAndPublishesToSubscribers() throws Exception {
        given().body("{\"channel\":\"chat:api\",\"data\":{}}").post("/api/publish").then().statusCode(401);
        given().header("X-API-Key", "wrong").body("{}").post("/api/info").then().statusCode(401);

        WsRecorder recorder = new WsRecorder();
        WebSocket ws = open(recorder, null);
        String token = DevTokens.connectionToken(SECRET, "bob", Duration.ofMinutes(5));
        ws.sendText("{\"id\":1,\"connect\":{\"token\":\"" + token + "\"}}\n"
                + "{\"id\":2,\"subscribe\":{\"channel\":\"chat:api\"}}", true).join();
        recorder.next();
        recorder.next();

        given().header("Authorization", "apikey test-api-key").body("{\"channel\":\"chat:api\",\"data\":{\"n\":1}}")
                .post("/api/publish").then().statusCode(200).body("result.offset", equalTo(1))
                .body("result.epoch", matchesPattern("[A-Za-z]{8}"));
        assertTrue(recorder.next().startsWith("{\"push\":{\"channel\":\"chat:api\",\"pub\":{\"data\":{\"n\":1},"));

        String once = "{\"channel\":\"chat:api\",\"data\":{\"n\":2},\"idempotency_key\":\"order-2\"}";
        for (int i = 0; i < 2; i++) { // the repeat answers the first result and is not delivered again
            given().header("X-API-Key", "test-api-key").body(once).post("/api/publish").then().statusCode(200)
                    .body("result.offset", equalTo(2));
        }
        given().header("X-API-Key", "test-api-key").body("{\"channel\":\"chat:api\",\"data\":{\"n\":3}}")
                .post("/api/publish").then().statusCode(200).body("result.offset", equalTo(3));
        assertTrue(recorder.next().contains("\"data\":{\"n\":2},\"offset\":2"));
        assertTrue(recorder.next().contains("\"data\":{\"n\":3},\"offset\":3"));

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
