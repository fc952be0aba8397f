package io.pulsegate.engine.map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class MapPageSizeTest {

    @Test
    void clampsToTheContractsRange() {
        MapPageSize size = MapPageSize.DEFAULT;
        assertEquals(100, size.clamp(0), "none given: the default");
        assertEquals(100, size.clamp(-1));
        assertEquals(100, size.clamp(10), "below the minimum");
        assertEquals(250, size.clamp(250));
        assertEquals(1000, size.clamp(5000), "above the maximum");
        assertThrows(IllegalArgumentException.class, () -> new MapPageSize(50, 100, 1000));
    }

    @Test
    void optionsOfTheModes() {
        MapOptions ephemeral = MapOptions.ephemeral(java.time.Duration.ofSeconds(30));
        assertEquals(false, ephemeral.hasStream());
        MapOptions recoverable = MapOptions.recoverable(java.time.Duration.ofMinutes(20), 100,
                java.time.Duration.ofMinutes(1));
        assertEquals(java.time.Duration.ofMinutes(20), recoverable.metaTtl(), "meta outlives keys");
        MapOptions persistent = MapOptions.persistent(100, java.time.Duration.ofMinutes(1));
        assertEquals(java.time.Duration.ZERO, persistent.metaTtl());
        assertEquals(false, persistent.keysExpire());
        assertThrows(IllegalArgumentException.class, () -> new MapOptions(10, null, null, null, 0, 0));
    }
}
