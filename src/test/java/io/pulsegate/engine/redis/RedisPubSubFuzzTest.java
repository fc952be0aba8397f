package io.pulsegate.engine.redis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

import io.pulsegate.protocol.ClientInfo;
import io.pulsegate.protocol.Publication;

/**
 * Fuzzes what a node reads from a Redis pub/sub channel: the {@link PubSubMessage} header and the {@link RedisCodec}
 * payload behind it. Property: any message parses or fails with {@link IllegalArgumentException}, any payload decodes
 * or fails with {@link UncheckedIOException} (never another exception, a huge allocation or a hang); a publication
 * encoded and framed as the publish script frames it reads back unchanged.
 */
class RedisPubSubFuzzTest {

    @FuzzTest
    void parsesOrRejects(FuzzedDataProvider data) {
        if (data.consumeBoolean()) {
            roundTrip(data);
            return;
        }
        byte[] message = data.consumeRemainingAsBytes();
        PubSubMessage m;
        try {
            m = PubSubMessage.parse(message);
        } catch (IllegalArgumentException e) {
            return;
        }
        if (m == null) {
            return;
        }
        assertTrue(m.offset() >= 0);
        assertEquals(m.offset() == 0, m.epoch() == null, "an epoch exactly when positioned");
        try {
            if (m.type() == PubSubMessage.PUBLICATION) {
                RedisCodec.decode(m.payload(), m.offset());
            } else {
                RedisCodec.clientInfo(m.payload());
            }
        } catch (UncheckedIOException expected) {
            // a corrupt payload: logged and dropped by ChannelFeeds
        }
    }

    private static void roundTrip(FuzzedDataProvider data) {
        long offset = data.consumeBoolean() ? 0 : data.consumeLong(1, Long.MAX_VALUE);
        String epoch = offset == 0 ? "" : data.consumeAsciiString(12).replaceAll("[^!-9;-~]", "") + "e";
        boolean delta = data.consumeBoolean();
        Publication p = new Publication(bytes(data), info(data), offset, tags(data));
        byte[] framed = frame(("p" + offset + ":" + epoch + ":").getBytes(StandardCharsets.US_ASCII),
                RedisCodec.publication(p, delta));
        PubSubMessage m = PubSubMessage.parse(framed);
        assertNotNull(m);
        assertEquals(offset, m.offset());
        assertEquals(offset == 0 ? null : epoch, m.epoch());
        RedisCodec.Decoded decoded = RedisCodec.decode(m.payload(), m.offset());
        assertEquals(delta, decoded.delta());
        Publication back = decoded.publication();
        assertArrayEquals(p.data(), back.data());
        assertEquals(p.tags(), back.tags());
        assertEquals(offset, back.offset());
        assertInfo(p.info(), back.info());
    }

    private static void assertInfo(ClientInfo expected, ClientInfo actual) {
        if (expected == null) {
            assertEquals(null, actual);
            return;
        }
        assertEquals(expected.user(), actual.user());
        assertEquals(expected.client(), actual.client());
        assertArrayEquals(expected.connInfo(), actual.connInfo());
        assertArrayEquals(expected.chanInfo(), actual.chanInfo());
    }

    private static byte[] bytes(FuzzedDataProvider data) {
        return data.consumeBoolean() ? null : data.consumeBytes(64);
    }

    private static ClientInfo info(FuzzedDataProvider data) {
        return data.consumeBoolean()
                ? null
                : new ClientInfo(data.consumeString(16), data.consumeString(16), bytes(data), bytes(data));
    }

    private static Map<String, String> tags(FuzzedDataProvider data) {
        if (data.consumeBoolean()) {
            return null;
        }
        Map<String, String> tags = new LinkedHashMap<>();
        for (int i = data.consumeInt(0, 4); i > 0; i--) {
            tags.put(data.consumeString(8), data.consumeString(8));
        }
        return tags;
    }

    private static byte[] frame(byte[] header, byte[] payload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(header);
        out.writeBytes(payload);
        return out.toByteArray();
    }
}
