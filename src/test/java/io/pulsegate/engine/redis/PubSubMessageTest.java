package io.pulsegate.engine.redis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The strict pub/sub header, with the inputs fuzzing found (an NPE, NumberFormatExceptions) as regressions. */
class PubSubMessageTest {

    @Test
    void readsPositionedAndUnpositionedPublications() {
        PubSubMessage positioned = PubSubMessage.parse(ascii("p42:AbCdEfGh:xyz"));
        assertEquals(42, positioned.offset());
        assertEquals("AbCdEfGh", positioned.epoch());
        assertArrayEquals(ascii("xyz"), positioned.payload());
        PubSubMessage bare = PubSubMessage.parse(ascii("p0::a:b"));
        assertEquals(0, bare.offset());
        assertNull(bare.epoch());
        assertArrayEquals(ascii("a:b"), bare.payload());
        assertEquals(Long.MAX_VALUE, PubSubMessage.parse(ascii("p9223372036854775807:e:")).offset());
    }

    @Test
    void readsJoinsAndLeavesAndIgnoresUnknownTypes() {
        assertEquals(PubSubMessage.JOIN, PubSubMessage.parse(ascii("jinfo")).type());
        assertArrayEquals(ascii("info"), PubSubMessage.parse(ascii("linfo")).payload());
        assertNull(PubSubMessage.parse(ascii("x1:e:")));
    }

    /** {@code p5::} was an NPE (an offset without an epoch); the rest were NumberFormatExceptions or worse. */
    @ParameterizedTest
    @ValueSource(strings = {"", "p", "p5::", "p0:e:", "p:e:", "p-1:e:", "p+1:e:", "p1 :e:", "p1:e", "p1",
            "p9223372036854775808:e:", "p99999999999999999999:e:", "p1:e p:", "p1:\u00e9:"})
    void rejectsMalformedHeaders(String message) {
        assertThrows(IllegalArgumentException.class,
                () -> PubSubMessage.parse(message.getBytes(StandardCharsets.UTF_8)));
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
