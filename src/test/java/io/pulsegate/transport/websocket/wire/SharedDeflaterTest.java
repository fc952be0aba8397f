package io.pulsegate.transport.websocket.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

import org.junit.jupiter.api.Test;

class SharedDeflaterTest {

    private final SharedDeflater deflater = new SharedDeflater(Deflater.DEFAULT_COMPRESSION);

    /** Inflates as a permessage-deflate receiver does: the stripped tail appended, a fresh inflater per message. */
    private static byte[] inflate(byte[] payload) throws Exception {
        Inflater inflater = new Inflater(true);
        byte[] input = Arrays.copyOf(payload, payload.length + 4);
        input[payload.length + 2] = (byte) 0xFF;
        input[payload.length + 3] = (byte) 0xFF;
        inflater.setInput(input);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        int n;
        while ((n = inflater.inflate(buffer)) > 0) {
            out.write(buffer, 0, n);
        }
        inflater.end();
        return out.toByteArray();
    }

    @Test
    void compressedMessageInflatesBackToItself() throws Exception {
        byte[] text = "{\"push\":{\"channel\":\"news\",\"pub\":{\"data\":\"".concat("abc".repeat(500)).concat("\"}}}")
                .getBytes(StandardCharsets.UTF_8);
        assertArrayEquals(text, inflate(deflater.compress(text)));
    }

    @Test
    void incompressibleMessageLargerThanTheInitialBufferSurvives() throws Exception {
        byte[] random = new byte[64 * 1024];
        ThreadLocalRandom.current().nextBytes(random);
        assertArrayEquals(random, inflate(deflater.compress(random)));
    }

    @Test
    void sameArrayIsCompressedOnceAndEqualContentInAnotherArrayAgain() throws Exception {
        byte[] message = "y".repeat(2000).getBytes(StandardCharsets.UTF_8);
        byte[] once = deflater.compress(message);
        assertSame(once, deflater.compress(message), "the cache answers the same array");
        byte[] copy = message.clone();
        byte[] again = deflater.compress(copy);
        assertNotSame(once, again);
        assertArrayEquals(once, again, "no context takeover: equal input, equal output");
    }

    @Test
    void evictedEntriesAreCompressedAgainCorrectly() throws Exception {
        byte[][] messages = new byte[6][];
        for (int i = 0; i < messages.length; i++) {
            messages[i] = ("message " + i + " ").repeat(200).getBytes(StandardCharsets.UTF_8);
            deflater.compress(messages[i]);
        }
        for (byte[] message : messages) {
            assertArrayEquals(message, inflate(deflater.compress(message)));
        }
    }
}
