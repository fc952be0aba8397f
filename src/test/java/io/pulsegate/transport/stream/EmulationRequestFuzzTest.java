package io.pulsegate.transport.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.google.protobuf.ByteString;

import io.pulsegate.protocol.json.JsonLimits;
import io.pulsegate.protocol.protobuf.wire.ClientProtocol;

/**
 * Fuzzes the {@code POST /emulation} body (JSON or Protobuf). Property: any body is refused ({@code null}, answered
 * 400) or names a non-empty node, session and data, never an exception; a body written from fuzzed fields by Jackson
 * or protobuf-java reads back unchanged.
 */
class EmulationRequestFuzzTest {

    private static final JsonFactory JSON = JsonLimits.DEFAULTS.newFactory();
    private static final String PROTOBUF = "application/octet-stream";

    @FuzzTest
    void decodesOrRefuses(FuzzedDataProvider data) throws IOException {
        int mode = data.consumeInt(0, 3);
        if (mode >= 2) {
            roundTrip(mode == 3, nonEmpty(data.consumeString(16)), nonEmpty(data.consumeString(16)),
                    nonEmpty(data.consumeString(64)));
            return;
        }
        EmulationRoute.Target t = EmulationRoute.decode(JSON, mode == 1 ? PROTOBUF : "application/json",
                data.consumeRemainingAsBytes());
        if (t != null) {
            assertFalse(t.node().isEmpty() || t.session().isEmpty() || t.data().length == 0);
        }
    }

    private static void roundTrip(boolean protobuf, String node, String session, String commands) throws IOException {
        byte[] body = protobuf
                ? ClientProtocol.EmulationRequest.newBuilder().setNode(node).setSession(session)
                        .setData(ByteString.copyFromUtf8(commands)).build().toByteArray()
                : json(node, session, commands);
        EmulationRoute.Target t = EmulationRoute.decode(JSON, protobuf ? PROTOBUF : null, body);
        assertNotNull(t, "well-formed body refused");
        assertEquals(node, t.node());
        assertEquals(session, t.session());
        assertArrayEquals(commands.getBytes(StandardCharsets.UTF_8), t.data());
    }

    private static byte[] json(String node, String session, String commands) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("session", session);
            g.writeStringField("node", node);
            g.writeStringField("data", commands);
            g.writeEndObject();
        }
        return out.toByteArray();
    }

    /** Non-empty and free of lone surrogates (both encoders would replace them). */
    private static String nonEmpty(String s) {
        return s.isEmpty() || !LastEventIdFuzzTest.wellFormed(s) ? "x" : s;
    }
}
