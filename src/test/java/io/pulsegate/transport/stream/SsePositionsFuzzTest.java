package io.pulsegate.transport.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import io.pulsegate.protocol.StreamPosition;

/**
 * Fuzzes the SSE position tracker. Property: any sequence of items is observed without an exception and the
 * {@code id:} it produces always parses back as a {@code Last-Event-ID}; for a sequence of subscribe, publication and
 * unsubscribe pushes with fuzzed channels, epochs and offsets, that id names exactly the positions a simple model
 * expects.
 */
class SsePositionsFuzzTest {

    private static final JsonFactory JSON = new JsonFactory();

    @FuzzTest
    void tracksPositions(FuzzedDataProvider data) throws IOException {
        boolean pushes = data.consumeBoolean();
        SsePositions tracker = new SsePositions();
        Map<String, StreamPosition> model = new LinkedHashMap<>();
        for (int i = data.consumeInt(1, 8); i > 0 && data.remainingBytes() > 0; i--) {
            tracker.observe(pushes ? push(data, model) : data.consumeBytes(data.consumeInt(0, 512)));
            String id = tracker.id();
            Map<String, StreamPosition> parsed = LastEventId.parse(id, Integer.MAX_VALUE, Integer.MAX_VALUE);
            if (!id.isEmpty()) {
                assertNotNull(parsed, "unparseable id " + id);
            }
            if (pushes) {
                assertEquals(model, id.isEmpty() ? Map.of() : parsed);
            }
        }
    }

    /** @return one bare push, applied to {@code model} as the tracker should apply it */
    private static byte[] push(FuzzedDataProvider data, Map<String, StreamPosition> model) throws IOException {
        String channel = data.consumeString(16);
        if (!LastEventIdFuzzTest.wellFormed(channel)) {
            channel = "c";
        }
        int kind = data.consumeInt(0, 2);
        long offset = data.consumeLong(0, Long.MAX_VALUE);
        String epoch = data.consumeAsciiString(8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("channel", channel);
            g.writeObjectFieldStart(kind == 0 ? "subscribe" : kind == 1 ? "pub" : "unsubscribe");
            if (kind == 0) {
                g.writeStringField("epoch", epoch);
            }
            g.writeNumberField("offset", offset);
            g.writeEndObject();
            g.writeEndObject();
        }
        apply(model, kind, channel, offset, epoch);
        return out.toByteArray();
    }

    private static void apply(Map<String, StreamPosition> model, int kind, String channel, long offset,
            String epoch) {
        if (channel.isEmpty()) {
            return;
        }
        StreamPosition current = model.get(channel);
        if (kind == 0 && !epoch.isEmpty()) {
            model.put(channel, new StreamPosition(offset, epoch));
        } else if (kind == 1 && current != null && offset > current.offset()) {
            model.put(channel, new StreamPosition(offset, current.epoch()));
        } else if (kind == 2) {
            model.remove(channel);
        }
    }
}
