package io.pulsegate.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.pulsegate.engine.RecordingHandler.Event;
import io.pulsegate.engine.RecordingHandler.Kind;
import io.pulsegate.protocol.ClientInfo;
import io.pulsegate.protocol.StreamPosition;

/**
 * The behaviour every {@link Broker} must show, run unchanged against each engine: subclass it and implement
 * {@link #createBroker()}. This class holds offset, delivery, ordering and meta-expiry cases; stream reads are
 * inherited from {@link BrokerHistoryContract}, the fixture and hooks from {@link BrokerContractSupport}.
 *
 * <p>
 * TTL cases need control over time: engines that can move their clock override {@link #supportsTimeControl()} and
 * {@link #advanceTime(Duration)}; for the others those cases are skipped (JUnit assumption), not failed.
 *
 * <p>
 * Absence of a delivery is proven with a sentinel: publish to a subscribed channel afterwards and wait for it.
 */
public abstract class BrokerContractTest extends BrokerHistoryContract {

    @Test
    void offsetsStartAtOneAndIncrementWithStableEpoch() {
        String ch = channel("offsets");
        StreamPosition p1 = publish(ch, "a");
        StreamPosition p2 = publish(ch, "b");
        StreamPosition p3 = publish(ch, "c");
        assertEquals(List.of(1L, 2L, 3L), List.of(p1.offset(), p2.offset(), p3.offset()));
        assertNotNull(p1.epoch());
        assertFalse(p1.epoch().isEmpty());
        assertEquals(p1.epoch(), p2.epoch());
        assertEquals(p1.epoch(), p3.epoch());
    }

    @Test
    void publishPositionMatchesHistoryTop() {
        String ch = channel("top");
        publish(ch, "a");
        StreamPosition last = publish(ch, "b");
        assertEquals(last, await(broker.history(ch, HistoryQuery.POSITION_ONLY)).top());
    }

    @Test
    void deliversOnlyWhileSubscribed() throws InterruptedException {
        String ch = channel("delivery");
        String sentinel = channel("sentinel");
        await(broker.subscribe(sentinel));

        publish(ch, "before");
        publish(sentinel, "s1");
        assertEquals("s1", text(handler.next(Kind.PUBLICATION, sentinel, TIMEOUT)));

        await(broker.subscribe(ch));
        await(broker.subscribe(ch)); // idempotent: still one delivery per publication
        StreamPosition pos = publish(ch, "during");
        Event during = handler.next(Kind.PUBLICATION, ch, TIMEOUT);
        if (!strictSubscribeBoundary() && "before".equals(text(during))) {
            during = handler.next(Kind.PUBLICATION, ch, TIMEOUT);
        }
        assertEquals("during", text(during));
        assertEquals(pos.offset(), during.publication().offset());
        assertEquals(pos.epoch(), during.epoch());

        await(broker.unsubscribe(ch));
        publish(ch, "after");
        publish(sentinel, "s2");
        assertEquals("s2", text(handler.next(Kind.PUBLICATION, sentinel, TIMEOUT)));
        assertTrue(handler.isEmpty());
    }

    @Test
    void concurrentPublishersAreDeliveredInOffsetOrder() throws Exception {
        String ch = channel("concurrent");
        int threads = 4;
        int perThread = 250;
        PublishOptions options = new PublishOptions(threads * perThread, Duration.ofMinutes(1), Duration.ofHours(1));
        await(broker.subscribe(ch));
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < perThread; i++) {
                        await(broker.publish(ch, pub(thread + "-" + i), options));
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : futures) {
                f.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        Set<String> payloads = new HashSet<>();
        for (long expected = 1; expected <= threads * perThread; expected++) {
            Event event = handler.next(Kind.PUBLICATION, ch, TIMEOUT);
            assertEquals(expected, event.publication().offset(), "deliveries must follow offsets");
            payloads.add(text(event));
        }
        assertEquals(threads * perThread, payloads.size(), "each publication delivered exactly once");
        assertTrue(handler.isEmpty());
        assertEquals(List.of(999L, 1000L), offsets(history(ch, new StreamPosition(998, epochOf(ch)), -1, false)));
    }

    @Test
    void channelWithoutHistoryDeliversWithOffsetZeroAndKeepsNothing() throws InterruptedException {
        String ch = channel("nohistory");
        await(broker.subscribe(ch));
        assertNull(await(broker.publish(ch, pub("x"), PublishOptions.NO_HISTORY)));
        Event event = handler.next(Kind.PUBLICATION, ch, TIMEOUT);
        assertEquals(0, event.publication().offset());
        assertNull(event.epoch());
        HistoryResult history = await(broker.history(ch, new HistoryQuery(null, -1, false)));
        assertTrue(history.publications().isEmpty());
        assertEquals(0, history.top().offset());
    }

    @Test
    void deltaMarkTravelsWithTheDeliveryNotWithTheStream() throws InterruptedException {
        String ch = channel("delta");
        await(broker.subscribe(ch));
        await(broker.publish(ch, pub("full"), HISTORY));
        await(broker.publish(ch, pub("marked"), HISTORY.withDelta(true)));
        await(broker.publish(ch, pub("unkept"), PublishOptions.NO_HISTORY.withDelta(true)));
        // a publish without history is not ordered against kept ones on Redis Cluster (it may enter another node)
        java.util.Map<String, Event> byData = new java.util.HashMap<>();
        for (int i = 0; i < 3; i++) {
            Event e = handler.next(Kind.PUBLICATION, ch, TIMEOUT);
            byData.put(new String(e.publication().data()), e);
        }
        assertFalse(byData.get("full").delta());
        Event marked = byData.get("marked");
        assertTrue(marked.delta());
        assertEquals(2, marked.publication().offset());
        assertFalse(marked.publication().delta(), "stored publications carry full payloads");
        assertTrue(byData.get("unkept").delta());
        assertEquals(List.of("full", "marked"),
                history(ch, null, -1, false).publications().stream().map(p -> new String(p.data())).toList());
    }

    @Test
    void aRepeatedIdempotentPublishIsNeitherKeptNorDeliveredAndAnswersTheFirstPosition() throws InterruptedException {
        String ch = channel("idempotent");
        await(broker.subscribe(ch));
        PublishOptions once = HISTORY.withIdempotencyKey("order-1");
        StreamPosition first = await(broker.publish(ch, pub("a"), once));
        StreamPosition again = await(broker.publish(ch, pub("a-again"), once));
        StreamPosition other = await(broker.publish(ch, pub("b"), HISTORY.withIdempotencyKey("order-2")));
        assertEquals(first, again);
        assertEquals(first.offset() + 1, other.offset());
        assertEquals("a", new String(handler.next(Kind.PUBLICATION, ch, TIMEOUT).publication().data()));
        assertEquals("b", new String(handler.next(Kind.PUBLICATION, ch, TIMEOUT).publication().data()));
        assertEquals(List.of("a", "b"),
                history(ch, null, -1, false).publications().stream().map(p -> new String(p.data())).toList());
    }

    @Test
    void idempotencyWithoutHistoryDeliversOncePerKey() throws InterruptedException {
        String ch = channel("idempotent-nohistory");
        await(broker.subscribe(ch));
        PublishOptions once = PublishOptions.NO_HISTORY.withIdempotencyKey("k");
        assertNull(await(broker.publish(ch, pub("x"), once)));
        assertNull(await(broker.publish(ch, pub("x-again"), once)));
        await(broker.publish(ch, pub("sentinel"), PublishOptions.NO_HISTORY));
        assertEquals("x", new String(handler.next(Kind.PUBLICATION, ch, TIMEOUT).publication().data()));
        assertEquals("sentinel", new String(handler.next(Kind.PUBLICATION, ch, TIMEOUT).publication().data()));
    }

    @Test
    void joinAndLeaveReachSubscribedNodeOnly() throws InterruptedException {
        String ch = channel("presence");
        String other = channel("other");
        ClientInfo alice = new ClientInfo("alice", "c1", null, null);
        await(broker.subscribe(ch));

        await(broker.publishJoin(other, alice));
        await(broker.publishJoin(ch, alice));
        assertEquals("c1", handler.next(Kind.JOIN, ch, TIMEOUT).info().client());
        await(broker.publishLeave(ch, alice));
        assertEquals("alice", handler.next(Kind.LEAVE, ch, TIMEOUT).info().user());

        await(broker.unsubscribe(ch));
        await(broker.publishLeave(ch, alice));
        await(broker.subscribe(other));
        await(broker.publishJoin(other, alice));
        handler.next(Kind.JOIN, other, TIMEOUT);
        assertTrue(handler.isEmpty());
    }

    @Test
    void channelsAreIndependent() throws InterruptedException {
        String a = channel("a");
        String b = channel("b");
        await(broker.subscribe(a));
        publish(a, "a1");
        publish(a, "a2");
        StreamPosition b1 = publish(b, "b1");
        StreamPosition a3 = publish(a, "a3");
        assertEquals(1, b1.offset());
        assertEquals(3, a3.offset());
        assertEquals(List.of("a1", "a2", "a3"), List.of(text(handler.next(Kind.PUBLICATION, a, TIMEOUT)),
                text(handler.next(Kind.PUBLICATION, a, TIMEOUT)), text(handler.next(Kind.PUBLICATION, a, TIMEOUT))));
        await(broker.removeHistory(b));
        assertEquals(3, history(a, null, -1, false).publications().size());
        assertTrue(handler.isEmpty());
    }

    @Test
    void metaTtlExpiryStartsNewEpoch() {
        assumeTrue(supportsTimeControl());
        String ch = channel("meta");
        publish(ch, "a");
        StreamPosition old = publish(ch, "b");
        advanceTime(HISTORY.historyMetaTtl().plusSeconds(1));

        StreamPosition fresh = await(broker.history(ch, HistoryQuery.POSITION_ONLY)).top();
        assertEquals(0, fresh.offset());
        assertNotEquals(old.epoch(), fresh.epoch());
        assertThrows(UnrecoverablePositionException.class, () -> history(ch, old, -1, false));
        assertEquals(new StreamPosition(1, fresh.epoch()), publish(ch, "c"));
    }

    @Test
    void publishAfterMetaExpiryRestartsOffsets() {
        assumeTrue(supportsTimeControl());
        String ch = channel("meta-publish");
        StreamPosition old = publish(ch, "a");
        publish(ch, "b");
        advanceTime(HISTORY.historyMetaTtl().plusSeconds(1));
        StreamPosition fresh = publish(ch, "c");
        assertEquals(1, fresh.offset());
        assertNotEquals(old.epoch(), fresh.epoch());
    }

    @Test
    void missingMetaTtlDefaultsToThirtyDays() {
        assumeTrue(supportsTimeControl());
        String ch = channel("meta-default");
        PublishOptions noMetaTtl = new PublishOptions(10, Duration.ofMinutes(1), Duration.ZERO);
        StreamPosition old = await(broker.publish(ch, pub("a"), noMetaTtl));
        advanceTime(Duration.ofDays(29));
        assertEquals(old, await(broker.history(ch, HistoryQuery.POSITION_ONLY)).top());
        advanceTime(Duration.ofDays(1).plusSeconds(1));
        assertNotEquals(old.epoch(), await(broker.history(ch, HistoryQuery.POSITION_ONLY)).top().epoch());
    }

}
