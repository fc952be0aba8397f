package io.pulsegate.transport.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

import io.pulsegate.protocol.StreamPosition;

/**
 * Fuzzes the untrusted {@code Last-Event-ID} header. Property: any header is ignored as a whole ({@code null}) or
 * yields at most the allowed number of positions, each with a non-empty channel and epoch and a non-negative offset,
 * and re-encoding them parses back to the same positions (never an exception or a hang); positions of any well-formed
 * channel, epoch and offset (up to {@code Long.MAX_VALUE}) round-trip through {@link LastEventId#encode}.
 */
class LastEventIdFuzzTest {

    private static final int MAX_LENGTH = 4096;
    private static final int MAX_CHANNELS = 16;

    @FuzzTest
    void parsesOrIgnores(FuzzedDataProvider data) {
        if (data.consumeBoolean()) {
            roundTrip(data);
            return;
        }
        Map<String, StreamPosition> positions = LastEventId.parse(data.consumeRemainingAsString(), MAX_LENGTH,
                MAX_CHANNELS);
        if (positions == null) {
            return;
        }
        assertTrue(positions.size() <= MAX_CHANNELS);
        positions.forEach((channel, p) -> {
            assertFalse(channel.isEmpty());
            assertFalse(p.epoch().isEmpty());
            assertTrue(p.offset() >= 0);
        });
        assertEquals(positions, LastEventId.parse(LastEventId.encode(positions), Integer.MAX_VALUE, MAX_CHANNELS));
    }

    private static void roundTrip(FuzzedDataProvider data) {
        Map<String, StreamPosition> positions = new LinkedHashMap<>();
        for (int i = data.consumeInt(1, MAX_CHANNELS); i > 0; i--) {
            String channel = data.consumeString(32);
            String epoch = data.consumeString(12);
            long offset = data.consumeLong(0, Long.MAX_VALUE);
            if (!channel.isEmpty() && !epoch.isEmpty() && wellFormed(channel) && wellFormed(epoch)) {
                positions.put(channel, new StreamPosition(offset, epoch));
            }
        }
        if (positions.isEmpty()) {
            return;
        }
        assertEquals(positions, LastEventId.parse(LastEventId.encode(positions), Integer.MAX_VALUE, MAX_CHANNELS));
    }

    /** Channel names and epochs arrive as decoded UTF-8, so they never hold a lone surrogate. */
    static boolean wellFormed(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }
}
