package io.pulsegate.transport.websocket.guard;

import static io.pulsegate.transport.websocket.guard.RawWebSocketClient.OP_BINARY;
import static io.pulsegate.transport.websocket.guard.RawWebSocketClient.OP_CLOSE;
import static io.pulsegate.transport.websocket.guard.RawWebSocketClient.OP_CONT;
import static io.pulsegate.transport.websocket.guard.RawWebSocketClient.OP_PING;
import static io.pulsegate.transport.websocket.guard.RawWebSocketClient.OP_PONG;
import static io.pulsegate.transport.websocket.guard.RawWebSocketClient.OP_TEXT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/** Frame-level protocol errors (hardening.md section 4, B1-B10, B15-B22): each must end with a close frame. */
@QuarkusTest
class ProtocolGuardTest {

    @TestHTTPResource("/")
    URL url;

    private RawWebSocketClient open() throws IOException {
        return RawWebSocketClient.open(url.getPort(), null);
    }

    private int closeCodeAfter(byte[] raw) throws IOException {
        try (RawWebSocketClient ws = open()) {
            ws.sendRaw(raw);
            int code = ws.awaitCloseCode();
            RawWebSocketClient.Frame extra = ws.read();
            assertNull(extra, () -> "server must close TCP after its close frame, got " + extra.opcode() + " code "
                    + extra.closeCode() + " " + new String(extra.payload(), StandardCharsets.UTF_8));
            return code;
        }
    }

    private static byte[] bytes(int... values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return out;
    }

    @Test
    void unmaskedFrameIsProtocolError() throws IOException { // B1
        assertEquals(1002, closeCodeAfter(bytes(0x81, 0x05, 'H', 'e', 'l', 'l', 'o')));
    }

    @Test
    void rsv1WithoutNegotiatedExtension() throws IOException { // B2
        try (RawWebSocketClient ws = open()) {
            ws.send(true, 0b100, OP_TEXT, "Hello".getBytes(StandardCharsets.UTF_8));
            assertEquals(1002, ws.awaitCloseCode());
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0b010, 0b001})
    void rsv2AndRsv3AreAlwaysRejected(int rsv) throws IOException {
        try (RawWebSocketClient ws = RawWebSocketClient.open(url.getPort(), "permessage-deflate")) {
            ws.send(true, rsv, OP_BINARY, new byte[]{1});
            assertEquals(1002, ws.awaitCloseCode());
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0x3, 0xB})
    void reservedOpcodes(int opcode) throws IOException { // B3
        try (RawWebSocketClient ws = open()) {
            ws.send(true, 0, opcode, new byte[0]);
            assertEquals(1002, ws.awaitCloseCode());
        }
    }

    @Test
    void oversizedAndFragmentedControlFrames() throws IOException { // B4, B5
        try (RawWebSocketClient ws = open()) {
            ws.send(true, 0, OP_PING, new byte[126]);
            assertEquals(1002, ws.awaitCloseCode());
        }
        try (RawWebSocketClient ws = open()) {
            ws.send(false, 0, OP_PING, new byte[]{0});
            assertEquals(1002, ws.awaitCloseCode());
        }
    }

    @Test
    void continuationWithoutStartAndInterleavedMessages() throws IOException { // B6, B7
        try (RawWebSocketClient ws = open()) {
            ws.send(true, 0, OP_CONT, new byte[0]);
            assertEquals(1002, ws.awaitCloseCode());
        }
        try (RawWebSocketClient ws = open()) {
            ws.send(false, 0, OP_TEXT, new byte[]{'a'});
            ws.send(false, 0, OP_TEXT, new byte[]{'b'});
            assertEquals(1002, ws.awaitCloseCode());
        }
    }

    @Test
    void badLengthEncodings() throws IOException { // B8, B9, B10
        int[] mask = {0x11, 0x22, 0x33, 0x44};
        assertEquals(1002, closeCodeAfter(bytes(0x82, 0xFF, 0x80, 0, 0, 0, 0, 0, 0, 0, mask[0], mask[1], mask[2],
                mask[3])));
        assertEquals(1009, closeCodeAfter(bytes(0x82, 0xFF, 0x7F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, mask[0],
                mask[1], mask[2], mask[3])));
        assertEquals(1002, closeCodeAfter(bytes(0x81, 0xFE, 0x00, 0x05, mask[0], mask[1], mask[2], mask[3], 1, 2, 3,
                4, 5)));
    }

    @Test
    void closePayloadOfOneByte() throws IOException { // B15
        try (RawWebSocketClient ws = open()) {
            ws.send(true, 0, OP_CLOSE, new byte[]{3});
            assertEquals(1002, ws.awaitCloseCode());
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 999, 1004, 1005, 1006, 1016, 1100, 2000, 2999})
    void invalidCloseCodes(int code) throws IOException { // B16
        try (RawWebSocketClient ws = open()) {
            ws.send(true, 0, OP_CLOSE, new byte[]{(byte) (code >> 8), (byte) code});
            assertEquals(1002, ws.awaitCloseCode());
        }
    }

    @Test
    void closeReasonMustBeUtf8AndCloseFrameSmall() throws IOException { // B17, B18
        try (RawWebSocketClient ws = open()) {
            ws.send(true, 0, OP_CLOSE, bytes(0x03, 0xE8, 0xFF, 0xFE));
            int code = ws.awaitCloseCode();
            assertTrue(code == 1007 || code == 1002, "got " + code);
        }
        try (RawWebSocketClient ws = open()) {
            byte[] payload = new byte[126];
            payload[0] = 0x03;
            payload[1] = (byte) 0xE8;
            ws.send(true, 0, OP_CLOSE, payload);
            assertEquals(1002, ws.awaitCloseCode());
        }
    }

    @Test
    void pingFloodIsClosedWith1008() throws IOException {
        try (RawWebSocketClient ws = open()) {
            // one write: the server reads the whole flood before it closes (unread bytes would make it reset the TCP
            // connection, and a reset discards the close frame on the way)
            byte[] ping = RawWebSocketClient.frame(true, 0, OP_PING, new byte[]{1});
            ByteArrayOutputStream flood = new ByteArrayOutputStream();
            for (int i = 0; i < 200; i++) {
                flood.write(ping, 0, ping.length);
            }
            ws.sendRaw(flood.toByteArray());
            int pongs = 0;
            int code = RawWebSocketClient.NO_CLOSE_FRAME;
            for (RawWebSocketClient.Frame frame = ws.read(); frame != null; frame = ws.read()) {
                if (frame.opcode() == OP_PONG) {
                    pongs++;
                } else if (frame.opcode() == OP_CLOSE) {
                    code = frame.closeCode();
                    break;
                }
            }
            assertEquals(1008, code);
            assertTrue(pongs <= 20, "pongs before the close: " + pongs); // the default per-second cap
        }
    }

    @Test
    void pingsWithinTheRateAreAllAnswered() throws IOException {
        try (RawWebSocketClient ws = open()) {
            for (int i = 0; i < 10; i++) {
                ws.send(true, 0, OP_PING, new byte[]{(byte) i});
            }
            for (int i = 0; i < 10; i++) {
                RawWebSocketClient.Frame pong = ws.read();
                assertEquals(OP_PONG, pong.opcode());
                assertArrayEquals(new byte[]{(byte) i}, pong.payload());
            }
        }
    }

    @Test
    void pingAnsweredAndUnsolicitedPongIgnored() throws IOException { // B19, B20
        try (RawWebSocketClient ws = open()) {
            ws.send(true, 0, OP_PONG, new byte[0]);
            ws.send(true, 0, OP_PONG, "x".getBytes(StandardCharsets.US_ASCII));
            ws.send(true, 0, OP_PING, "ABCD".getBytes(StandardCharsets.US_ASCII));
            RawWebSocketClient.Frame pong = ws.read();
            assertEquals(OP_PONG, pong.opcode());
            assertArrayEquals("ABCD".getBytes(StandardCharsets.US_ASCII), pong.payload());
        }
    }

    @Test
    void rsv1OnControlOrContinuationFrameWithDeflate() throws IOException { // B21
        try (RawWebSocketClient ws = RawWebSocketClient.open(url.getPort(), "permessage-deflate")) {
            ws.send(true, 0b100, OP_PING, new byte[0]);
            assertEquals(1002, ws.awaitCloseCode());
        }
        try (RawWebSocketClient ws = RawWebSocketClient.open(url.getPort(), "permessage-deflate")) {
            ws.send(false, 0, OP_TEXT, new byte[]{'a'});
            ws.send(true, 0b100, OP_CONT, new byte[]{'b'});
            assertEquals(1002, ws.awaitCloseCode());
        }
    }

    @Test
    void garbageDeflateData() throws IOException { // B22
        try (RawWebSocketClient ws = RawWebSocketClient.open(url.getPort(), "permessage-deflate")) {
            ws.send(true, 0b100, OP_BINARY, bytes(0xFF, 0xFF, 0xFF, 0xFF));
            int code = ws.awaitCloseCode();
            assertTrue(code == 1007 || code == 1002, "got " + code);
        }
    }

    @Test
    void framesSentBeforeThe101AreNotDeliveredUnchecked() throws IOException { // RFC 6455 section 4.1
        try (RawWebSocketClient ws = new RawWebSocketClient(url.getPort())) {
            byte[] request = RawWebSocketClient.request(url.getPort(), "HTTP/1.1", "13", RawWebSocketClient.VALID_KEY,
                    null).getBytes(StandardCharsets.ISO_8859_1);
            byte[] invalidText = bytes(0x81, 0x82, 0, 0, 0, 0, 0xC0, 0xAF); // masked (zero mask), overlong UTF-8
            byte[] both = java.util.Arrays.copyOf(request, request.length + invalidText.length);
            System.arraycopy(invalidText, 0, both, request.length, invalidText.length);
            ws.sendRaw(both);
            RawWebSocketClient.Response response;
            try {
                response = ws.handshake("");
            } catch (java.io.EOFException closed) {
                return; // Vert.x parsed the early bytes as a pipelined HTTP request and dropped the connection
            }
            assertEquals(101, response.status());
            RawWebSocketClient.Frame frame = ws.read();
            assertTrue(frame == null || frame.opcode() == OP_CLOSE, "invalid text must not be echoed: " + frame);
        }
    }
}
