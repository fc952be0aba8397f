package io.pulsegate.engine.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.pulsegate.engine.MutableClock;
import io.pulsegate.engine.PresenceManager;
import io.pulsegate.engine.PresenceManagerContractTest;

/** The presence contract on the memory engine, plus its memory-bounding behaviour. */
class MemoryPresenceManagerTest extends PresenceManagerContractTest {

    private final MutableClock clock = new MutableClock();

    @Override
    protected PresenceManager createPresenceManager() {
        return new MemoryPresenceManager(clock);
    }

    @Override
    protected boolean supportsTimeControl() {
        return true;
    }

    @Override
    protected void advanceTime(Duration duration) {
        clock.advance(duration);
    }

    private MemoryPresenceManager memory() {
        return (MemoryPresenceManager) presence;
    }

    @Test
    void emptyChannelsAreDropped() {
        String ch = channel();
        await(presence.add(ch, client("alice", "c1"), TTL));
        assertEquals(1, memory().channelCount());
        await(presence.remove(ch, "c1"));
        assertEquals(0, memory().channelCount());

        await(presence.add(ch, client("alice", "c1"), TTL));
        clock.advance(TTL.plusSeconds(1));
        await(presence.stats(ch));
        assertEquals(0, memory().channelCount(), "a read purges and drops the channel");
    }

    @Test
    void sweepPurgesUntouchedChannels() {
        await(presence.add(channel(), client("alice", "c1"), Duration.ofSeconds(10)));
        await(presence.add(channel(), client("bob", "c2"), Duration.ofSeconds(30)));
        clock.advance(Duration.ofSeconds(11));
        assertEquals(1, memory().sweep());
        assertEquals(1, memory().channelCount());
    }
}
