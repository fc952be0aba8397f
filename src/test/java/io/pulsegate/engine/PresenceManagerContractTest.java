package io.pulsegate.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.pulsegate.protocol.ClientInfo;
import io.smallrye.mutiny.Uni;

/**
 * The behaviour every {@link PresenceManager} must show, run unchanged against each engine: subclass it and implement
 * {@link #createPresenceManager()}. Expiry cases run only when the engine supports {@link #advanceTime(Duration)}.
 * Channel names are random per test, so a shared server needs no cleanup.
 */
public abstract class PresenceManagerContractTest {

    protected static final Duration TIMEOUT = Duration.ofSeconds(10);
    protected static final Duration TTL = Duration.ofSeconds(60);

    protected PresenceManager presence;

    /** @return a new, empty presence manager */
    protected abstract PresenceManager createPresenceManager();

    /** Releases what {@link #createPresenceManager()} opened. */
    protected void closePresenceManager(PresenceManager presence) {
    }

    /** @return whether {@link #advanceTime(Duration)} works; expiry cases are skipped otherwise */
    protected boolean supportsTimeControl() {
        return false;
    }

    /** Moves the presence manager's notion of time forward. */
    protected void advanceTime(Duration duration) {
        throw new UnsupportedOperationException("time control not supported");
    }

    @BeforeEach
    void createFixture() {
        presence = createPresenceManager();
    }

    @AfterEach
    void closeFixture() {
        closePresenceManager(presence);
    }

    @Test
    void addListAndRemove() {
        String ch = channel();
        await(presence.add(ch, client("alice", "c1"), TTL));
        await(presence.add(ch, client("bob", "c2"), TTL));
        assertEquals(Set.of("c1", "c2"), await(presence.presence(ch)).keySet());
        assertEquals("alice", await(presence.presence(ch)).get("c1").user());

        await(presence.remove(ch, "c1"));
        assertEquals(Set.of("c2"), await(presence.presence(ch)).keySet());
        await(presence.remove(ch, "c2"));
        await(presence.remove(ch, "never-added"));
        assertTrue(await(presence.presence(ch)).isEmpty());
        assertEquals(new PresenceStats(0, 0), await(presence.stats(ch)));
    }

    @Test
    void addingAgainReplacesInfo() {
        String ch = channel();
        await(presence.add(ch, client("alice", "c1"), TTL));
        await(presence.add(ch, new ClientInfo("alice", "c1", null, new byte[]{1}), TTL));
        ClientInfo info = await(presence.presence(ch)).get("c1");
        assertEquals(1, info.chanInfo()[0]);
        assertEquals(new PresenceStats(1, 1), await(presence.stats(ch)));
    }

    @Test
    void statsCountDistinctUsersWithAnonymousAsOne() {
        String ch = channel();
        await(presence.add(ch, client("alice", "c1"), TTL));
        await(presence.add(ch, client("alice", "c2"), TTL));
        await(presence.add(ch, client("bob", "c3"), TTL));
        await(presence.add(ch, client("", "c4"), TTL));
        await(presence.add(ch, client("", "c5"), TTL));
        assertEquals(new PresenceStats(5, 3), await(presence.stats(ch)));
    }

    @Test
    void channelsAreIndependent() {
        String a = channel();
        String b = channel();
        await(presence.add(a, client("alice", "c1"), TTL));
        assertTrue(await(presence.presence(b)).isEmpty());
        await(presence.remove(b, "c1"));
        assertEquals(Set.of("c1"), await(presence.presence(a)).keySet());
    }

    @Test
    void expiredEntriesAreHidden() {
        assumeTrue(supportsTimeControl());
        String ch = channel();
        await(presence.add(ch, client("alice", "c1"), Duration.ofSeconds(10)));
        await(presence.add(ch, client("bob", "c2"), Duration.ofSeconds(30)));
        advanceTime(Duration.ofSeconds(11));
        assertEquals(Set.of("c2"), await(presence.presence(ch)).keySet());
        assertEquals(new PresenceStats(1, 1), await(presence.stats(ch)));
        advanceTime(Duration.ofSeconds(20));
        assertTrue(await(presence.presence(ch)).isEmpty());
        assertEquals(new PresenceStats(0, 0), await(presence.stats(ch)));
    }

    @Test
    void refreshExtendsTtl() {
        assumeTrue(supportsTimeControl());
        String ch = channel();
        await(presence.add(ch, client("alice", "c1"), Duration.ofSeconds(10)));
        advanceTime(Duration.ofSeconds(8));
        await(presence.add(ch, client("alice", "c1"), Duration.ofSeconds(10)));
        advanceTime(Duration.ofSeconds(8)); // 16 s after the first add, 8 s after the refresh
        assertEquals(Set.of("c1"), await(presence.presence(ch)).keySet());
        advanceTime(Duration.ofSeconds(3));
        assertTrue(await(presence.presence(ch)).isEmpty());
    }

    // ---- helpers ----

    protected static String channel() {
        return "test:presence-" + UUID.randomUUID();
    }

    protected static ClientInfo client(String user, String clientId) {
        return new ClientInfo(user, clientId, null, null);
    }

    protected static <T> T await(Uni<T> uni) {
        return uni.await().atMost(TIMEOUT);
    }
}
