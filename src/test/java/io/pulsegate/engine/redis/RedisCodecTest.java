package io.pulsegate.engine.redis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.pulsegate.protocol.ClientInfo;
import io.pulsegate.protocol.Publication;

class RedisCodecTest {

    @Test
    void roundTripsAPublication() {
        Publication p = new Publication(new byte[]{1, 2}, new ClientInfo("u", "c", null, new byte[]{3}), 0,
                Map.of("k", "v"));
        RedisCodec.Decoded back = RedisCodec.decode(RedisCodec.publication(p, true), 7);
        assertArrayEquals(p.data(), back.publication().data());
        assertEquals("u", back.publication().info().user());
        assertEquals(Map.of("k", "v"), back.publication().tags());
        assertEquals(7, back.publication().offset());
        assertEquals(true, back.delta());
    }

    /** Found by fuzzing: a corrupt length of 0x7fffffff allocated 2 GiB before the read failed (OutOfMemoryError). */
    @Test
    void aLengthBeyondThePayloadFailsWithoutAllocatingIt() {
        byte[] corrupt = {1, 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0};
        byte[] info = {1, 1, 0, 1, 'u', 0, 1, 'c', 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xf0};
        long before = allocatedBytes();
        assertThrows(UncheckedIOException.class, () -> RedisCodec.decode(corrupt, 1));
        assertThrows(UncheckedIOException.class, () -> RedisCodec.clientInfo(info));
        long allocated = allocatedBytes() - before;
        assertTrue(allocated < 1 << 20, "allocated " + allocated + " bytes");
    }

    private static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }
}
