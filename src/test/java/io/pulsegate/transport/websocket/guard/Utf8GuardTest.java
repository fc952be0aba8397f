package io.pulsegate.transport.websocket.guard;

import static io.pulsegate.transport.websocket.guard.RawWebSocketClient.OP_CONT;
import static io.pulsegate.transport.websocket.guard.RawWebSocketClient.OP_TEXT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.URL;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/** UTF-8 validation of text messages (hardening.md section 4, B11-B14): 1007 at the first bad fragment. */
@QuarkusTest
class Utf8GuardTest {

    @TestHTTPResource("/")
    URL url;

    private static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex.replace(" ", ""));
    }

    @ParameterizedTest
    @ValueSource(strings = {"CEBAE1BDB9CF83CEBCCEB5 EDA080 6564697465 64", // B11 surrogate
            "C0AF", // B12 overlong
            "F4908080", // B12 above U+10FFFF
            "E282", // B12 truncated at the end of the message
            "FF"})
    void invalidTextMessage(String payload) throws IOException {
        try (RawWebSocketClient ws = RawWebSocketClient.open(url.getPort(), null)) {
            ws.send(true, 0, OP_TEXT, hex(payload));
            assertEquals(1007, ws.awaitCloseCode());
        }
    }

    @Test
    void validCodePointSplitAcrossFragmentsIsEchoedIntact() throws IOException { // B13
        try (RawWebSocketClient ws = RawWebSocketClient.open(url.getPort(), null)) {
            ws.send(false, 0, OP_TEXT, hex("E2"));
            ws.send(false, 0, OP_CONT, hex("82"));
            ws.send(true, 0, OP_CONT, hex("AC"));
            RawWebSocketClient.Frame echo = ws.read();
            assertEquals(OP_TEXT, echo.opcode());
            assertArrayEquals(hex("E282AC"), echo.payload());
        }
    }

    @Test
    void invalidFragmentFailsBeforeTheMessageEnds() throws IOException { // B14
        try (RawWebSocketClient ws = RawWebSocketClient.open(url.getPort(), null)) {
            ws.send(false, 0, OP_TEXT, "hello ".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            ws.send(false, 0, OP_CONT, hex("F4908080")); // the third, final fragment is never sent
            assertEquals(1007, ws.awaitCloseCode());
        }
    }

    @Test
    void incompleteSequenceAtFinalFragment() throws IOException {
        try (RawWebSocketClient ws = RawWebSocketClient.open(url.getPort(), null)) {
            ws.send(false, 0, OP_TEXT, hex("41E2"));
            ws.send(true, 0, OP_CONT, hex("82"));
            assertEquals(1007, ws.awaitCloseCode());
        }
    }

    @Test
    void messageStartingWithEmptyFragmentsIsDelivered() throws IOException { // Vert.x aggregator bug, Autobahn 6.1.3
        try (RawWebSocketClient ws = RawWebSocketClient.open(url.getPort(), null)) {
            ws.send(false, 0, OP_TEXT, new byte[0]);
            ws.send(false, 0, OP_CONT, new byte[0]);
            ws.send(false, 0, OP_CONT, hex("E282"));
            ws.send(true, 0, OP_CONT, hex("AC"));
            RawWebSocketClient.Frame echo = ws.read();
            assertEquals(OP_TEXT, echo.opcode());
            assertArrayEquals(hex("E282AC"), echo.payload());
        }
    }
}
