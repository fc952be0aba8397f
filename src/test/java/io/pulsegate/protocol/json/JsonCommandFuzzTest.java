package io.pulsegate.protocol.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import io.pulsegate.protocol.Command;
import io.pulsegate.protocol.DisconnectCode;
import io.pulsegate.protocol.ProtocolException;
import io.pulsegate.protocol.Request;

/**
 * Fuzzes the JSON command decoder. Property: any frame either decodes to one command per line or is rejected with a
 * {@code BAD_REQUEST} {@link ProtocolException} (never another exception, an error or a hang); a subscribe command
 * written by Jackson from fuzzed fields decodes back to the same fields.
 */
class JsonCommandFuzzTest {

    private static final JsonCodec CODEC = new JsonCodec();
    private static final JsonFactory JSON = new JsonFactory();

    @FuzzTest
    void decodesOrRejects(FuzzedDataProvider data) throws IOException {
        if (data.consumeBoolean()) {
            roundTrip(data.consumeInt(1, Integer.MAX_VALUE), data.consumeString(64),
                    data.consumeLong(0, Long.MAX_VALUE),
                    data.consumeString(16));
            return;
        }
        byte[] frame = data.consumeRemainingAsBytes();
        try {
            List<Command> commands = CODEC.decodeCommands(frame);
            assertEquals(lines(frame), commands.size(), "one command per line");
        } catch (ProtocolException e) {
            assertEquals(DisconnectCode.BAD_REQUEST, e.disconnect());
        }
    }

    private static void roundTrip(int id, String channel, long offset, String epoch) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeNumberField("id", id);
            g.writeObjectFieldStart("subscribe");
            g.writeStringField("channel", channel);
            g.writeBooleanField("recover", true);
            g.writeNumberField("offset", offset);
            g.writeStringField("epoch", epoch);
            g.writeEndObject();
            g.writeEndObject();
        }
        List<Command> commands;
        try {
            commands = CODEC.decodeCommands(out.toByteArray());
        } catch (ProtocolException e) {
            throw new AssertionError("well-formed subscribe rejected: " + e.getMessage(), e);
        }
        assertEquals(1, commands.size());
        assertEquals(id, commands.get(0).id());
        Request.Subscribe s = assertInstanceOf(Request.Subscribe.class, commands.get(0).request());
        assertEquals(channel, s.channel());
        assertEquals(offset, s.offset());
        assertEquals(epoch, s.epoch());
    }

    /** Commands a frame holds: lines split on {@code \n}, one trailing newline tolerated. */
    private static int lines(byte[] frame) {
        int end = frame[frame.length - 1] == '\n' ? frame.length - 1 : frame.length;
        int n = 1;
        for (int i = 0; i < end; i++) {
            if (frame[i] == '\n') {
                n++;
            }
        }
        return n;
    }
}
