package io.pulsegate.transport.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.pulsegate.protocol.StreamPosition;

/** Regressions found by fuzzing the {@code Last-Event-ID} header and the SSE position tracker. */
class LastEventIdTest {

    /** Offsets of 19 digits were rejected, so a stream past 10^18 lost its resume position. */
    @Test
    void nineteenDigitOffsetsRoundTripAndOverflowIsIgnored() {
        Map<String, StreamPosition> max = Map.of("ch", new StreamPosition(Long.MAX_VALUE, "e"));
        assertEquals(max, LastEventId.parse(LastEventId.encode(max), 1024, 8));
        assertNull(LastEventId.parse("ch:9223372036854775808:e", 1024, 8));
        assertNull(LastEventId.parse("ch:99999999999999999999:e", 1024, 8));
    }

    /** A push for the empty channel gave an id entry {@code :1:e}, which made the whole header unreadable. */
    @Test
    void theEmptyChannelIsNeverTracked() {
        SsePositions positions = new SsePositions();
        positions.observe(ascii("{\"channel\":\"a\",\"subscribe\":{\"epoch\":\"e\",\"offset\":1}}"));
        assertFalse(positions.observe(ascii("{\"channel\":\"\",\"subscribe\":{\"epoch\":\"e\",\"offset\":1}}")));
        positions.observe(ascii("{\"connect\":{\"subs\":{\"\":{\"epoch\":\"e\",\"offset\":2}}}}"));
        assertEquals("a:1:e", positions.id());
    }

    /** A non-string channel or epoch is skipped whole instead of being read as "{" with its fields leaking out. */
    @Test
    void nonStringValuesAreSkipped() {
        SsePositions positions = new SsePositions();
        assertFalse(positions.observe(ascii("{\"channel\":{\"channel\":\"x\"},\"subscribe\":{\"epoch\":\"e\"}}")));
        assertFalse(positions.observe(ascii("{\"channel\":\"b\",\"subscribe\":{\"epoch\":{\"epoch\":\"e\"}}}")));
        assertEquals("", positions.id());
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
