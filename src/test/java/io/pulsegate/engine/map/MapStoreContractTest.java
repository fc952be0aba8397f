package io.pulsegate.engine.map;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.pulsegate.engine.RecordingHandler.Event;
import io.pulsegate.engine.RecordingHandler.Kind;
import io.pulsegate.protocol.ClientInfo;
import io.pulsegate.protocol.Publication;
import io.pulsegate.protocol.StreamPosition;

/**
 * The behaviour every {@link MapStore} must show, run unchanged against each engine: writes, live delivery,
 * ordering, key TTL and limits here; state and stream reads inherited from {@link MapStoreStateContract}.
 */
public abstract class MapStoreContractTest extends MapStoreStateContract {

    @Test
    void setReplaceAndRemoveTakeConsecutiveOffsets() {
        String ch = channel("writes");
        StreamPosition a = set(ch, "a", "1");
        StreamPosition b = set(ch, "b", "2");
        StreamPosition a2 = set(ch, "a", "3");
        StreamPosition gone = remove(ch, "b");
        assertEquals(List.of(1L, 2L, 3L, 4L), List.of(a.offset(), b.offset(), a2.offset(), gone.offset()));
        assertEquals(a.epoch(), gone.epoch());
        assertEquals(Map.of("a", "3"), state(ch, STREAM));
        MapStats stats = await(store.stats(ch, STREAM));
        assertEquals(1, stats.numKeys());
        assertEquals(gone, stats.top());
    }

    @Test
    void suppressedWritesChangeNothing() {
        String ch = channel("suppressed");
        StreamPosition top = set(ch, "a", "1");
        MapWriteResult missing = await(store.remove(ch, "nope", STREAM));
        assertEquals(Suppressed.KEY_NOT_FOUND, missing.suppressed());
        assertEquals(top, missing.position());
        MapWriteResult exists = await(store.publish(ch, "a", MapValue.of("x".getBytes(UTF_8)), KeyMode.IF_NEW,
                STREAM));
        assertEquals(Suppressed.KEY_EXISTS, exists.suppressed());
        assertEquals(top, exists.position());
        MapWriteResult absent = await(store.publish(ch, "b", MapValue.of("x".getBytes(UTF_8)), KeyMode.IF_EXISTS,
                STREAM));
        assertEquals(Suppressed.KEY_NOT_FOUND, absent.suppressed());
        assertTrue(await(store.publish(ch, "a", MapValue.of("2".getBytes(UTF_8)), KeyMode.IF_EXISTS, STREAM))
                .applied());
        assertTrue(await(store.publish(ch, "c", MapValue.of("3".getBytes(UTF_8)), KeyMode.IF_NEW, STREAM))
                .applied());
        assertEquals(Map.of("a", "2", "c", "3"), state(ch, STREAM));
        assertEquals(3, stream(ch, new StreamPosition(0, top.epoch()), -1, STREAM).publications().size());
    }

    @Test
    void changesAreDeliveredLiveWithKeyOffsetAndEpoch() throws InterruptedException {
        String ch = channel("live");
        await(broker.subscribe(ch));
        ClientInfo info = new ClientInfo("u1", "c1", null, null);
        MapWriteResult set = await(store.publish(ch, "a", new MapValue("1".getBytes(UTF_8), info, Map.of("t", "v")),
                KeyMode.ALWAYS, STREAM));
        StreamPosition removed = remove(ch, "a");
        Event first = handler.next(Kind.PUBLICATION, ch, TIMEOUT);
        assertEquals("a", first.publication().key());
        assertFalse(first.publication().removed());
        assertEquals("1", text(first.publication()));
        assertEquals(info, first.publication().info());
        assertEquals(Map.of("t", "v"), first.publication().tags());
        assertEquals(set.position().offset(), first.publication().offset());
        assertEquals(set.position().epoch(), first.epoch());
        Event second = handler.next(Kind.PUBLICATION, ch, TIMEOUT);
        assertEquals("a", second.publication().key());
        assertTrue(second.publication().removed());
        assertNull(second.publication().data());
        assertEquals(removed.offset(), second.publication().offset());
    }

    @Test
    void concurrentWritersNeverMoveAKeyBackInTime() throws Exception {
        String ch = channel("ordering");
        await(broker.subscribe(ch));
        int threads = 4;
        int perThread = 50;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < perThread; i++) {
                        set(ch, "k" + (i % 5), thread + "-" + i);
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        Map<String, Publication> lastLive = new HashMap<>();
        long previous = 0;
        for (int i = 0; i < threads * perThread; i++) {
            Publication p = handler.next(Kind.PUBLICATION, ch, TIMEOUT).publication();
            assertEquals(previous + 1, p.offset(), "live offsets are gap-free and increasing");
            previous = p.offset();
            lastLive.put(p.key(), p);
        }
        for (Publication entry : page(ch, MapStateQuery.first(-1), STREAM).entries()) {
            assertEquals(lastLive.get(entry.key()).offset(), entry.offset(), "state holds each key's last change");
            assertEquals(text(lastLive.get(entry.key())), text(entry));
        }
    }

    @Test
    void expiredKeysAreRemovedWithARemovalInTheStreamAndLive() throws InterruptedException {
        String ch = channel("key-ttl");
        MapOptions options = MapOptions.recoverable(Duration.ofSeconds(10), 100, Duration.ofMinutes(1));
        await(broker.subscribe(ch));
        StreamPosition a = set(ch, "a", "1", options);
        set(ch, "b", "2", options);
        advanceTime(Duration.ofSeconds(6));
        set(ch, "b", "3", options); // a write resets the key's TTL
        advanceTime(Duration.ofSeconds(6));
        assertEquals(1, await(store.expire(ch, options)));
        assertEquals(0, await(store.expire(ch, options)));
        assertEquals(Map.of("b", "3"), state(ch, options));
        for (int i = 0; i < 3; i++) {
            handler.next(Kind.PUBLICATION, ch, TIMEOUT);
        }
        Event expiry = handler.next(Kind.PUBLICATION, ch, TIMEOUT);
        assertEquals("a", expiry.publication().key());
        assertTrue(expiry.publication().removed());
        List<Publication> changes = stream(ch, a, -1, options).publications();
        assertEquals(List.of(2L, 3L, 4L), changes.stream().map(Publication::offset).toList());
        assertTrue(changes.get(2).removed());
    }

    @Test
    void dueKeysExpireOnAnyAccess() {
        String ch = channel("lazy-ttl");
        MapOptions options = MapOptions.recoverable(Duration.ofSeconds(10), 100, Duration.ofMinutes(1));
        set(ch, "a", "1", options);
        set(ch, "b", "2", options);
        advanceTime(Duration.ofSeconds(11));
        MapStats stats = await(store.stats(ch, options));
        assertEquals(0, stats.numKeys());
        assertEquals(4, stats.top().offset(), "two removals appended");
    }

    @Test
    void lostMetaStartsANewEpochWithEmptyState() {
        String ch = channel("meta-ttl");
        MapOptions options = MapOptions.recoverable(Duration.ofSeconds(10), 100, Duration.ofSeconds(30));
        StreamPosition before = set(ch, "a", "1", options);
        advanceTime(Duration.ofMinutes(6));
        StreamPosition after = set(ch, "b", "2", options);
        assertNotEquals(before.epoch(), after.epoch());
        assertEquals(1, after.offset());
        assertEquals(Map.of("b", "2"), state(ch, options));
    }

    @Test
    void limitsRefuseWritesWithTheLimitHit() {
        String ch = channel("limits");
        MapOptions limited = STREAM.withLimits(2, 4);
        set(ch, "a", "1", limited);
        set(ch, "b", "2", limited);
        MapLimitException full = assertThrows(MapLimitException.class, () -> set(ch, "c", "3", limited));
        assertEquals(MapLimitException.Limit.MAX_KEYS, full.limit());
        set(ch, "a", "1234", limited); // replacing an existing key is allowed when full
        MapLimitException large = assertThrows(MapLimitException.class, () -> set(ch, "a", "12345", limited));
        assertEquals(MapLimitException.Limit.MAX_VALUE_SIZE, large.limit());
        remove(ch, "b");
        set(ch, "c", "3", limited);
        assertEquals(Map.of("a", "1234", "c", "3"), state(ch, limited));
        assertThrows(IllegalArgumentException.class, () -> set(ch, "", "x", limited));
    }
}
