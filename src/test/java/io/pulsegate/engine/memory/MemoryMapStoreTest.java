package io.pulsegate.engine.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.pulsegate.engine.map.MapOptions;
import io.pulsegate.engine.map.MapStoreContractTest;

/** The map store contract against the embedded engine, on the contract's clock. */
class MemoryMapStoreTest extends MapStoreContractTest {

    private MemoryMapStore memory;

    @Override
    protected void open() {
        MemoryBroker memoryBroker = new MemoryBroker(clock);
        broker = memoryBroker;
        memory = new MemoryMapStore(memoryBroker, clock);
        store = memory;
    }

    @Override
    protected void close() {
    }

    @Override
    protected void advanceTime(Duration duration) {
        clock.advance(duration);
    }

    @Test
    void sweepExpiresEveryMapAndForgetsEmptyOnes() {
        MapOptions options = MapOptions.ephemeral(Duration.ofSeconds(5));
        String a = channel("sweep-a");
        String b = channel("sweep-b");
        set(a, "k", "1", options);
        set(b, "k", "1", options);
        set(b, "j", "1", options);
        assertEquals(2, memory.mapCount());
        clock.advance(Duration.ofSeconds(6));
        assertEquals(3, memory.sweep());
        assertEquals(0, memory.mapCount());
    }
}
