package io.pulsegate.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.pulsegate.protocol.StreamPosition;

/**
 * Stream-read cases of the broker contract: since / limit / reverse, unrecoverable positions, size and TTL retention.
 * Part of {@link BrokerContractTest}; engines extend that class, not this one.
 *
 * <p>
 * Rules checked here: without {@code since}, forward reads start at the oldest kept publication and reverse reads at
 * the newest; with {@code since}, forward reads return offsets {@code > since} and reverse reads offsets
 * {@code < since}; limit 0 returns only the top, negative returns all. A {@code since} of another epoch, beyond the
 * top, or (forward) followed by trimmed or expired publications fails with {@link UnrecoverablePositionException}.
 */
public abstract class BrokerHistoryContract extends BrokerContractSupport {

    /** Publishes "p1".."pN" into a fresh channel with {@link #HISTORY} and returns the channel. */
    private String channelWith(int count) {
        String ch = channel("history");
        for (int i = 1; i <= count; i++) {
            publish(ch, "p" + i);
        }
        return ch;
    }

    @Test
    void forwardWithoutSinceReadsFromOldest() {
        String ch = channelWith(5);
        HistoryResult all = history(ch, null, -1, false);
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L), offsets(all));
        assertEquals("p1", text(all.publications().get(0)));
        assertEquals(5, all.top().offset());
        assertEquals(List.of(1L, 2L), offsets(history(ch, null, 2, false)));
    }

    @Test
    void reverseWithoutSinceReadsFromNewest() {
        String ch = channelWith(5);
        assertEquals(List.of(5L, 4L, 3L, 2L, 1L), offsets(history(ch, null, -1, true)));
        assertEquals(List.of(5L, 4L), offsets(history(ch, null, 2, true)));
    }

    @Test
    void limitZeroReturnsOnlyTop() {
        String ch = channelWith(3);
        HistoryResult top = await(broker.history(ch, HistoryQuery.POSITION_ONLY));
        assertTrue(top.publications().isEmpty());
        assertEquals(3, top.top().offset());
    }

    @Test
    void forwardSinceReturnsLaterPublications() {
        String ch = channelWith(5);
        String epoch = epochOf(ch);
        assertEquals(List.of(3L, 4L, 5L), offsets(history(ch, new StreamPosition(2, epoch), -1, false)));
        assertEquals(List.of(3L, 4L), offsets(history(ch, new StreamPosition(2, epoch), 2, false)));
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L), offsets(history(ch, new StreamPosition(0, epoch), -1, false)));
        HistoryResult atTop = history(ch, new StreamPosition(5, epoch), -1, false);
        assertTrue(atTop.publications().isEmpty());
        assertEquals(new StreamPosition(5, epoch), atTop.top());
    }

    @Test
    void reverseSinceReturnsEarlierPublicationsNewestFirst() {
        String ch = channelWith(5);
        String epoch = epochOf(ch);
        assertEquals(List.of(3L, 2L, 1L), offsets(history(ch, new StreamPosition(4, epoch), -1, true)));
        assertEquals(List.of(3L, 2L), offsets(history(ch, new StreamPosition(4, epoch), 2, true)));
        assertTrue(history(ch, new StreamPosition(1, epoch), -1, true).publications().isEmpty());
    }

    @Test
    void sinceWithOtherEpochIsUnrecoverable() {
        String ch = channelWith(2);
        StreamPosition top = await(broker.history(ch, HistoryQuery.POSITION_ONLY)).top();
        UnrecoverablePositionException e = assertThrows(UnrecoverablePositionException.class,
                () -> history(ch, new StreamPosition(1, "otherEpc"), -1, false));
        assertEquals(top, e.top(), "the error carries the current position");
        assertThrows(UnrecoverablePositionException.class,
                () -> history(ch, new StreamPosition(1, "otherEpc"), -1, true));
    }

    @Test
    void sinceWithoutEpochMatchesAnyEpoch() {
        String ch = channelWith(2);
        assertEquals(List.of(1L, 2L), offsets(history(ch, new StreamPosition(0, ""), -1, false)));
        assertEquals(List.of(2L), offsets(history(ch, new StreamPosition(1, null), -1, false)));
        String fresh = channel("fresh");
        HistoryResult empty = history(fresh, new StreamPosition(0, ""), -1, false);
        assertTrue(empty.publications().isEmpty());
        assertEquals(0, empty.top().offset());
    }

    @Test
    void sinceBeyondTopIsUnrecoverable() {
        String ch = channelWith(2);
        StreamPosition beyond = new StreamPosition(3, epochOf(ch));
        assertThrows(UnrecoverablePositionException.class, () -> history(ch, beyond, -1, false));
    }

    @Test
    void historySizeKeepsNewest() {
        String ch = channel("size");
        PublishOptions three = new PublishOptions(3, Duration.ofMinutes(1), Duration.ofHours(1));
        for (int i = 1; i <= 5; i++) {
            await(broker.publish(ch, pub("p" + i), three));
        }
        HistoryResult kept = history(ch, null, -1, false);
        assertEquals(List.of(3L, 4L, 5L), offsets(kept));
        assertEquals(5, kept.top().offset());
    }

    @Test
    void sinceOlderThanRetentionIsUnrecoverable() {
        String ch = channel("trimmed");
        PublishOptions three = new PublishOptions(3, Duration.ofMinutes(1), Duration.ofHours(1));
        for (int i = 1; i <= 5; i++) {
            await(broker.publish(ch, pub("p" + i), three));
        }
        String epoch = epochOf(ch);
        // Offset 2 is gone, so a client at 1 cannot get a gap-free continuation.
        assertThrows(UnrecoverablePositionException.class, () -> history(ch, new StreamPosition(1, epoch), -1, false));
        assertEquals(List.of(3L, 4L, 5L), offsets(history(ch, new StreamPosition(2, epoch), -1, false)));
    }

    @Test
    void removeHistoryKeepsPosition() {
        String ch = channelWith(3);
        StreamPosition before = await(broker.history(ch, HistoryQuery.POSITION_ONLY)).top();
        await(broker.removeHistory(ch));
        HistoryResult after = history(ch, null, -1, false);
        assertTrue(after.publications().isEmpty());
        assertEquals(before, after.top());
        assertTrue(history(ch, before, -1, false).publications().isEmpty(), "a client at the top lost nothing");
        assertThrows(UnrecoverablePositionException.class,
                () -> history(ch, new StreamPosition(2, before.epoch()), -1, false));
        assertEquals(new StreamPosition(4, before.epoch()), publish(ch, "p4"));
    }

    @Test
    void unknownChannelGetsStablePosition() {
        String ch = channel("unknown");
        StreamPosition first = await(broker.history(ch, HistoryQuery.POSITION_ONLY)).top();
        StreamPosition second = history(ch, null, -1, false).top();
        assertEquals(0, first.offset());
        assertEquals(first, second);
        assertEquals(new StreamPosition(1, first.epoch()), publish(ch, "p1"));
    }

    @Test
    void historyTtlExpiresPublicationsButKeepsPosition() {
        assumeTrue(supportsTimeControl());
        String ch = channel("ttl");
        PublishOptions tenSeconds = new PublishOptions(10, Duration.ofSeconds(10), Duration.ofHours(1));
        await(broker.publish(ch, pub("p1"), tenSeconds));
        advanceTime(Duration.ofSeconds(6));
        StreamPosition last = await(broker.publish(ch, pub("p2"), tenSeconds));
        advanceTime(Duration.ofSeconds(6)); // 12 s after p1, 6 s after p2: the last publish renewed the TTL
        assertEquals(List.of(1L, 2L), offsets(history(ch, null, -1, false)));

        advanceTime(Duration.ofSeconds(5));
        HistoryResult expired = history(ch, null, -1, false);
        assertTrue(expired.publications().isEmpty());
        assertEquals(last, expired.top());
        assertTrue(history(ch, last, -1, false).publications().isEmpty());
        assertThrows(UnrecoverablePositionException.class,
                () -> history(ch, new StreamPosition(1, last.epoch()), -1, false));
    }
}
