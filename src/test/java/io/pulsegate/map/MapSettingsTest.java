package io.pulsegate.map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.pulsegate.auth.ChannelOptions;
import io.pulsegate.config.MapConfig;
import io.pulsegate.config.PulsegateConfig;
import io.pulsegate.support.TestConfig;

class MapSettingsTest {

    private static ChannelOptions board(String... pairs) {
        String[] all = new String[pairs.length + 2];
        all[0] = "pulsegate.namespaces.board.subscription-type";
        all[1] = "map";
        System.arraycopy(pairs, 0, all, 2, pairs.length);
        PulsegateConfig c = TestConfig.of(all);
        return ChannelOptions.of("board", c.namespaces().get("board"));
    }

    @Test
    void aStreamNamespaceHasNoMapSettings() {
        PulsegateConfig c = TestConfig.of("pulsegate.namespaces.chat.presence", "true");
        ChannelOptions options = ChannelOptions.of("chat", c.namespaces().get("chat"));
        assertFalse(options.isMap());
        assertNull(options.map());
    }

    @Test
    void recoverableMapResolvesItsStreamTtlsAndLimits() {
        ChannelOptions options = board("pulsegate.namespaces.board.map.key-ttl", "30s",
                "pulsegate.namespaces.board.map.max-keys", "50", "pulsegate.namespaces.board.map.client-key",
                "client-id");
        assertTrue(options.isMap());
        MapSettings map = options.map();
        assertTrue(map.options().hasStream());
        assertEquals(Duration.ofSeconds(30), map.options().keyTtl());
        assertEquals(100, map.options().streamSize());
        assertEquals(50, map.options().maxKeys());
        assertEquals(65536, map.options().maxValueSize());
        assertEquals(100, map.pages().clamp(10));
        assertEquals(1000, map.pages().clamp(5000));
        assertEquals(MapConfig.ClientKey.CLIENT_ID, map.clientKey());
    }

    @Test
    void persistentKeysNeverExpireAndEphemeralHasNoStream() {
        MapSettings persistent = board("pulsegate.namespaces.board.map.mode", "persistent").map();
        assertFalse(persistent.options().keysExpire());
        assertTrue(persistent.options().hasStream());
        MapSettings ephemeral = board("pulsegate.namespaces.board.map.mode", "ephemeral",
                "pulsegate.namespaces.board.map.key-ttl", "10s").map();
        assertFalse(ephemeral.options().hasStream());
        assertTrue(ephemeral.options().keysExpire());
    }

    @Test
    void inconsistentModesAreRefusedWithTheKeyToFix() {
        IllegalArgumentException noTtl = assertThrows(IllegalArgumentException.class, () -> board());
        assertTrue(noTtl.getMessage().contains("map.key-ttl"), noTtl.getMessage());
        assertThrows(IllegalArgumentException.class, () -> board("pulsegate.namespaces.board.map.mode", "persistent",
                "pulsegate.namespaces.board.map.key-ttl", "5s"));
        IllegalArgumentException pages = assertThrows(IllegalArgumentException.class,
                () -> board("pulsegate.namespaces.board.map.mode", "persistent",
                        "pulsegate.namespaces.board.map.min-page-size", "500"));
        assertTrue(pages.getMessage().contains("page sizes"), pages.getMessage());
    }
}
