package io.pulsegate.transport;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.google.protobuf.ByteString;

import io.pulsegate.auth.DevTokens;
import io.pulsegate.protocol.protobuf.wire.ClientProtocol;
import io.pulsegate.support.ProtobufWsRecorder;
import io.pulsegate.support.WsRecorder;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Protobuf selection on {@code /connection/websocket} with a real WebSocket client: subprotocol echo, query
 * parameters, binary frames both ways, JSON and Protobuf subscribers sharing a channel, binary publications.
 */
@QuarkusTest
class ProtobufEndpointTest {

    private static final String SECRET = "pulsegate-test-secret-0123456789abcdef";
    private static final byte[] BINARY = {(byte) 0xFF, 0, (byte) 0xFE, '\n'};

    @TestHTTPResource("/connection/websocket")
    URI endpoint;

    private final HttpClient http = HttpClient.newHttpClient();

    private URI ws(String query) {
        return URI.create(endpoint.toString().replaceFirst("^http", "ws") + (query == null ? "" : "?" + query));
    }

    private static ByteBuffer connectAndSubscribe(String user, String channel) {
        String token = DevTokens.connectionToken(SECRET, user, Duration.ofMinutes(5));
        return ProtobufWsRecorder.frame(
                ClientProtocol.Command.newBuilder().setId(1)
                        .setConnect(ClientProtocol.ConnectRequest.newBuilder().setToken(token)).build(),
                ClientProtocol.Command.newBuilder().setId(2)
                        .setSubscribe(ClientProtocol.SubscribeRequest.newBuilder().setChannel(channel)).build());
    }

    /** Connects and subscribes; asserts both replies. */
    private static void handshake(WebSocket ws, ProtobufWsRecorder rec, String user, String channel)
            throws Exception {
        ws.sendBinary(connectAndSubscribe(user, channel), true).join();
        ClientProtocol.Reply connect = rec.next();
        assertEquals(1, connect.getId());
        assertTrue(connect.getConnect().getClient().length() > 0);
        assertEquals(25, connect.getConnect().getPing());
        assertTrue(connect.getConnect().getPong());
        ClientProtocol.Reply subscribe = rec.next();
        assertEquals(2, subscribe.getId());
        assertTrue(subscribe.hasSubscribe(), subscribe.toString());
    }

    private static void apiPublish(String body) {
        given().header("X-API-Key", "test-api-key").body(body).post("/api/publish").then().statusCode(200);
    }

    @Test
    void subprotocolIsEchoedAndSelectsProtobuf() throws Exception {
        ProtobufWsRecorder rec = new ProtobufWsRecorder();
        WebSocket ws = ProtobufWsRecorder.open(http, ws(null), rec, "centrifuge-protobuf");
        assertEquals("centrifuge-protobuf", ws.getSubprotocol());
        handshake(ws, rec, "pb-alice", "chat:pb-sub");

        // a publish whose payload is not UTF-8 passes the frame guard (binary frames are not UTF-8 validated)
        ws.sendBinary(ProtobufWsRecorder.frame(ClientProtocol.Command.newBuilder().setId(3).setPublish(
                ClientProtocol.PublishRequest.newBuilder().setChannel("chat:pb-sub")
                        .setData(ByteString.copyFrom(BINARY)))
                .build()), true).join();
        ClientProtocol.Reply first = rec.next();
        ClientProtocol.Reply second = rec.next();
        ClientProtocol.Reply pub = first.hasPush() ? first : second;
        ClientProtocol.Reply ack = first.hasPush() ? second : first;
        assertEquals(3, ack.getId());
        assertTrue(ack.hasPublish());
        assertArrayEquals(BINARY, pub.getPush().getPub().getData().toByteArray());
        assertEquals("pb-alice", pub.getPush().getPub().getInfo().getUser());
        assertEquals(0, rec.textFrames.get(), "a Protobuf connection never receives text frames");
        ws.sendClose(1000, "").join();
    }

    @Test
    void jsonSubprotocolIsEchoedAndSelectsJson() throws Exception {
        WsRecorder rec = new WsRecorder();
        WebSocket ws = http.newWebSocketBuilder().subprotocols("centrifuge-json").buildAsync(ws(null), rec).join();
        assertEquals("centrifuge-json", ws.getSubprotocol());
        String token = DevTokens.connectionToken(SECRET, "json-sub", Duration.ofMinutes(5));
        ws.sendText("{\"id\":1,\"connect\":{\"token\":\"" + token + "\"}}", true).join();
        assertTrue(rec.next().startsWith("{\"id\":1,\"connect\":{"));
        ws.sendClose(1000, "").join();
    }

    @Test
    void queryParametersSelectProtobuf() throws Exception {
        for (String query : new String[]{"format=protobuf", "cf_protocol=protobuf", "x=1&cf_protocol=protobuf"}) {
            ProtobufWsRecorder rec = new ProtobufWsRecorder();
            WebSocket ws = ProtobufWsRecorder.open(http, ws(query), rec);
            handshake(ws, rec, "pb-query", "chat:pb-query");
            ws.sendClose(1000, "").join();
        }
    }

    @Test
    void textFrameOnProtobufConnectionClosesWith1003AndGarbageWith3501() throws Exception {
        ProtobufWsRecorder text = new ProtobufWsRecorder();
        ProtobufWsRecorder.open(http, ws(null), text, "centrifuge-protobuf").sendText("{}", true).join();
        assertEquals(1003, text.closeCode(5));

        ProtobufWsRecorder garbage = new ProtobufWsRecorder();
        ProtobufWsRecorder.open(http, ws(null), garbage, "centrifuge-protobuf")
                .sendBinary(ByteBuffer.wrap(new byte[]{0x05, 0x08}), true).join();
        assertEquals(3501, garbage.closeCode(5));

        ProtobufWsRecorder early = new ProtobufWsRecorder();
        ProtobufWsRecorder.open(http, ws("format=protobuf"), early).sendBinary(ProtobufWsRecorder.frame(
                ClientProtocol.Command.newBuilder().setId(1).setSubscribe(ClientProtocol.SubscribeRequest
                        .newBuilder().setChannel("chat:x")).build()),
                true).join();
        assertEquals(3501, early.closeCode(5));
    }

    @Test
    void jsonAndProtobufSubscribersShareAChannelAndBinaryClosesOnlyJson() throws Exception {
        String channel = "chat:mixed-endpoint";
        ProtobufWsRecorder pb = new ProtobufWsRecorder();
        WebSocket pbWs = ProtobufWsRecorder.open(http, ws(null), pb, "centrifuge-protobuf");
        handshake(pbWs, pb, "pb-mixed", channel);
        WsRecorder json = new WsRecorder();
        WebSocket jsonWs = WsRecorder.open(http, ws(null), json, Map.of());
        String token = DevTokens.connectionToken(SECRET, "json-mixed", Duration.ofMinutes(5));
        jsonWs.sendText("{\"id\":1,\"connect\":{\"token\":\"" + token + "\"}}\n"
                + "{\"id\":2,\"subscribe\":{\"channel\":\"" + channel + "\"}}", true).join();
        json.next();
        json.next();
        pb.replies.clear(); // join push of the JSON client

        for (int i = 1; i <= 5; i++) {
            apiPublish("{\"channel\":\"" + channel + "\",\"data\":{\"n\":" + i + "}}");
        }
        for (int i = 1; i <= 5; i++) {
            String expected = "{\"n\":" + i + "}";
            ClientProtocol.Publication p = nextPublication(pb);
            assertEquals(expected, p.getData().toStringUtf8(), "same JSON bytes, same order");
            assertTrue(json.next().contains("\"data\":" + expected));
        }

        apiPublish("{\"channel\":\"" + channel + "\",\"b64data\":\"" + Base64.getEncoder().encodeToString(BINARY)
                + "\"}");
        assertArrayEquals(BINARY, nextPublication(pb).getData().toByteArray());
        assertEquals(3506, json.closeCode(5));
        apiPublish("{\"channel\":\"" + channel + "\",\"data\":\"still here\"}");
        assertEquals("\"still here\"", new String(nextPublication(pb).getData().toByteArray(),
                StandardCharsets.UTF_8));
        pbWs.sendClose(1000, "").join();
    }

    /** Skips join/leave pushes. */
    private static ClientProtocol.Publication nextPublication(ProtobufWsRecorder rec) throws Exception {
        while (true) {
            ClientProtocol.Reply r = rec.next();
            if (r.getPush().hasPub()) {
                return r.getPush().getPub();
            }
        }
    }
}
