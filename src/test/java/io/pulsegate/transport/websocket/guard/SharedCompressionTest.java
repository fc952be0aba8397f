package io.pulsegate.transport.websocket.guard;

import static io.pulsegate.transport.websocket.guard.RawWebSocketClient.OP_TEXT;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.pulsegate.auth.DevTokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Publications reach permessage-deflate subscribers compressed once: every subscriber gets the same RSV1 payload,
 * which inflates to the publication; small ones go uncompressed; subscribers without the extension get plain text.
 */
@QuarkusTest
class SharedCompressionTest {

    private static final String SECRET = "pulsegate-test-secret-0123456789abcdef";
    private static final String DEFLATE = "permessage-deflate; client_max_window_bits";

    @TestHTTPResource("/")
    URL url;

    private final List<RawWebSocketClient> clients = new ArrayList<>();

    @AfterEach
    void close() throws IOException {
        for (RawWebSocketClient client : clients) {
            client.close();
        }
    }

    private RawWebSocketClient subscriber(String channel, String extensions) throws Exception {
        RawWebSocketClient ws = RawWebSocketClient.open(url.getPort(), "/connection/websocket", extensions);
        clients.add(ws);
        String token = DevTokens.connectionToken(SECRET, "u" + clients.size(), Duration.ofMinutes(5));
        ws.send(true, 0, OP_TEXT, ("{\"id\":1,\"connect\":{\"token\":\"" + token + "\"}}\n{\"id\":2,\"subscribe\":"
                + "{\"channel\":\"" + channel + "\"}}").getBytes(StandardCharsets.UTF_8));
        String replies = "";
        while (!replies.contains("\"id\":2,")) { // the replies may come joined in one frame or one per frame
            replies += text(ws.read());
        }
        assertTrue(replies.contains("\"id\":2,\"subscribe\""), replies);
        return ws;
    }

    private static String text(RawWebSocketClient.Frame frame) throws Exception {
        return new String(frame.rsv() == 4 ? Deflate.inflate(frame.payload()) : frame.payload(),
                StandardCharsets.UTF_8);
    }

    private static void publish(String channel, String data) {
        given().header("X-API-Key", "test-api-key")
                .body("{\"channel\":\"" + channel + "\",\"data\":{\"text\":\"" + data + "\"}}")
                .post("/api/publish").then().statusCode(200);
    }

    @Test
    void largePublicationIsCompressedOnceAndSharedByEverySubscriber() throws Exception {
        String channel = "shared-deflate";
        List<RawWebSocketClient> deflating = List.of(subscriber(channel, DEFLATE), subscriber(channel, DEFLATE),
                subscriber(channel, DEFLATE));
        RawWebSocketClient plain = subscriber(channel, null);
        String big = "x".repeat(4096);
        publish(channel, big);

        byte[] first = null;
        for (RawWebSocketClient ws : deflating) {
            RawWebSocketClient.Frame frame = ws.read();
            assertEquals(OP_TEXT, frame.opcode());
            assertEquals(4, frame.rsv(), "RSV1: the message is compressed");
            assertTrue(frame.payload().length < 1024, "4 KB of one letter compresses well");
            if (first == null) {
                first = frame.payload();
            } else {
                assertArrayEquals(first, frame.payload(), "every subscriber gets the same compressed bytes");
            }
            assertTrue(text(frame).contains("\"text\":\"" + big + "\""));
        }
        RawWebSocketClient.Frame uncompressed = plain.read();
        assertEquals(0, uncompressed.rsv());
        assertTrue(text(uncompressed).contains(big));
    }

    @Test
    void smallPublicationLeavesUncompressed() throws Exception {
        String channel = "shared-deflate-small";
        RawWebSocketClient ws = subscriber(channel, DEFLATE);
        publish(channel, "hello");
        RawWebSocketClient.Frame frame = ws.read();
        assertEquals(0, frame.rsv(), "below the threshold, no RSV1");
        assertTrue(text(frame).contains("\"text\":\"hello\""));
    }
}
