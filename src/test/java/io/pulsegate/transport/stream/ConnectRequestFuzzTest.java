package io.pulsegate.transport.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import io.pulsegate.protocol.DisconnectCode;
import io.pulsegate.protocol.ProtocolException;
import io.pulsegate.protocol.Request;
import io.pulsegate.protocol.json.JsonCodec;

/**
 * Fuzzes the connect request of the unidirectional streams ({@code cf_connect} and POST bodies). Property: a body is
 * accepted only when it is empty or exactly one JSON object in valid UTF-8, anything else fails with a
 * {@code BAD_REQUEST} {@link ProtocolException} (never another exception); a request written by Jackson from fuzzed
 * fields reads back unchanged.
 */
class ConnectRequestFuzzTest {

    private static final JsonCodec CODEC = new JsonCodec();
    private static final JsonFactory PLAIN = new JsonFactory();

    @FuzzTest
    void decodesOrRejects(FuzzedDataProvider data) throws IOException {
        if (data.consumeBoolean()) {
            roundTrip(data.consumeString(64), data.consumeString(16));
            return;
        }
        byte[] body = data.consumeRemainingAsBytes();
        try {
            assertNotNull(ConnectRequests.decode(CODEC, body));
            assertTrue(isEmptyOrOneObject(body), "accepted " + new String(body, StandardCharsets.UTF_8));
        } catch (ProtocolException e) {
            assertEquals(DisconnectCode.BAD_REQUEST, e.disconnect());
        }
    }

    private static void roundTrip(String token, String name) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = PLAIN.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("token", token);
            g.writeStringField("name", name);
            g.writeEndObject();
        }
        Request.Connect connect;
        try {
            connect = ConnectRequests.decode(CODEC, out.toByteArray());
        } catch (ProtocolException e) {
            throw new AssertionError("well-formed connect request rejected", e);
        }
        assertEquals(token, connect.token());
        assertEquals(name, connect.name());
    }

    /** An independent check with a plain parser: strict UTF-8, then one object and nothing after it. */
    private static boolean isEmptyOrOneObject(byte[] body) throws IOException {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(body)).toString().strip();
        } catch (CharacterCodingException e) {
            return false;
        }
        if (text.isEmpty()) {
            return true;
        }
        try (JsonParser p = PLAIN.createParser(text)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return false;
            }
            p.skipChildren();
            return p.nextToken() == null;
        } catch (IOException e) {
            return false;
        }
    }
}
