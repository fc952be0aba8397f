package io.pulsegate.engine.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.pulsegate.engine.Broker;
import io.pulsegate.engine.BrokerContractTest;
import io.pulsegate.engine.HistoryQuery;
import io.pulsegate.engine.MutableClock;
import io.pulsegate.engine.PublishOptions;
import io.pulsegate.protocol.StreamPosition;

/** The broker contract on the memory engine, plus its memory-bounding behaviour. */
class MemoryBrokerTest extends BrokerContractTest {

    private final MutableClock clock = new MutableClock();

    @Override
    protected Broker createBroker() {
        return new MemoryBroker(clock);
    }

    @Override
    protected boolean supportsTimeControl() {
        return true;
    }

    @Override
    protected void advanceTime(Duration duration) {
        clock.advance(duration);
    }

    private MemoryBroker memory() {
        return (MemoryBroker) broker;
    }

    @Test
    void epochIsEightLetters() {
        assertTrue(publish(channel("epoch"), "a").epoch().matches("[a-zA-Z]{8}"));
    }

    @Test
    void channelsWithoutHistoryKeepNoState() {
        for (int i = 0; i < 100; i++) {
            await(broker.publish(channel("nohistory"), pub("x"), PublishOptions.NO_HISTORY));
        }
        assertEquals(0, memory().streamCount());
    }

    @Test
    void sweepDropsStreamsWhoseMetaExpired() {
        String kept = channel("kept");
        String dropped = channel("dropped");
        publish(dropped, "a");
        clock.advance(Duration.ofMinutes(30));
        StreamPosition keptPosition = publish(kept, "a");
        clock.advance(Duration.ofMinutes(31)); // dropped: 61 min after its publish, past the 1 h meta TTL
        assertEquals(1, memory().sweep());
        assertEquals(1, memory().streamCount());
        assertEquals(keptPosition, await(broker.history(kept, HistoryQuery.POSITION_ONLY)).top());
        assertTrue(history(kept, null, -1, false).publications().isEmpty(), "sweep applied the 1 min history TTL");
    }

    @Test
    void staleStreamIsReplacedAfterSweep() {
        String ch = channel("resweep");
        StreamPosition old = publish(ch, "a");
        clock.advance(Duration.ofHours(2));
        memory().sweep();
        StreamPosition fresh = publish(ch, "b");
        assertEquals(1, fresh.offset());
        assertNotEquals(old.epoch(), fresh.epoch());
    }

    @Test
    void metaNeverExpiresBeforeData() {
        String ch = channel("short-meta");
        PublishOptions shortMeta = new PublishOptions(10, Duration.ofHours(2), Duration.ofHours(1));
        StreamPosition pos = await(broker.publish(ch, pub("a"), shortMeta));
        clock.advance(Duration.ofMinutes(90));
        assertEquals(pos, history(ch, null, -1, false).top());
        assertEquals(1, history(ch, null, -1, false).publications().size());
    }
}
