package io.pulsegate.engine.redis;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.pulsegate.protocol.ClientInfo;
import io.pulsegate.protocol.Publication;

/** Map keys and removals survive the engine encoding; the Lua removal is the prefix plus the key. */
class RedisCodecMapTest {

    @Test
    void keyedPublicationsRoundTripWithTheDeltaFlag() {
        Publication set = new Publication("{}".getBytes(UTF_8), new ClientInfo("u", "c", null, null), 0,
                Map.of("t", "v")).withKey("clé:1", false);
        RedisCodec.Decoded decoded = RedisCodec.decode(RedisCodec.publication(set, true), 7);
        assertTrue(decoded.delta());
        assertEquals("clé:1", decoded.publication().key());
        assertFalse(decoded.publication().removed());
        assertEquals(7, decoded.publication().offset());
        assertEquals(Map.of("t", "v"), decoded.publication().tags());
        Publication plain = RedisCodec.publication(RedisCodec.publication(new Publication(new byte[]{1}, null, 0,
                null)), 1);
        assertNull(plain.key(), "not a map change");
    }

    @Test
    void removalPrefixPlusKeyIsTheRemovalsEncoding() {
        byte[] prefix = RedisCodec.removalPrefix();
        byte[] key = "k€y".getBytes(UTF_8);
        byte[] lua = Arrays.copyOf(prefix, prefix.length + key.length);
        System.arraycopy(key, 0, lua, prefix.length, key.length);
        Publication removal = new Publication(null, null, 0, null).withKey("k€y", true);
        assertArrayEquals(RedisCodec.publication(removal), lua);
        Publication decoded = RedisCodec.publication(lua, 3);
        assertTrue(decoded.removed());
        assertEquals("k€y", decoded.key());
        assertNull(decoded.data());
    }
}
