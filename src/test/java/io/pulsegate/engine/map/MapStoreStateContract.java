package io.pulsegate.engine.map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.pulsegate.engine.HistoryResult;
import io.pulsegate.engine.UnrecoverablePositionException;
import io.pulsegate.protocol.Publication;
import io.pulsegate.protocol.StreamPosition;

/**
 * The state and stream reads of the map contract: pagination, its consistency under concurrent changes, stream
 * catch-up and unrecoverable positions. Engines extend {@link MapStoreContractTest}, which inherits these.
 */
public abstract class MapStoreStateContract extends MapStoreContractSupport {

    @Test
    void statePagesComeInKeyOrderWithoutOverlapUntilAnEmptyCursor() {
        String ch = channel("pages");
        for (int i = 0; i < 25; i++) {
            set(ch, String.format("k%02d", 24 - i), "v" + i);
        }
        List<String> keys = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        MapStatePage page = page(ch, MapStateQuery.first(10), STREAM);
        StreamPosition frozen = page.position();
        assertEquals(25, frozen.offset());
        while (true) {
            sizes.add(page.entries().size());
            page.entries().forEach(p -> keys.add(p.key()));
            assertEquals(frozen, page.position(), "the position is frozen at the first page");
            if (page.last()) {
                break;
            }
            page = page(ch, MapStateQuery.next(page, 10), STREAM);
        }
        assertEquals(List.of(10, 10, 5), sizes);
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            expected.add(String.format("k%02d", i));
        }
        assertEquals(expected, keys);
    }

    @Test
    void entriesCarryTheOffsetOfTheirKeysLastChange() {
        String ch = channel("versions");
        set(ch, "a", "1");
        set(ch, "b", "2");
        StreamPosition last = set(ch, "a", "3");
        List<Publication> entries = page(ch, MapStateQuery.first(-1), STREAM).entries();
        assertEquals(List.of("a", "b"), entries.stream().map(Publication::key).toList());
        assertEquals(List.of(3L, 2L), entries.stream().map(Publication::offset).toList());
        assertEquals("3", text(entries.get(0)));
        assertEquals(last, page(ch, MapStateQuery.first(0), STREAM).position(), "limit 0: position only");
        assertTrue(page(ch, MapStateQuery.first(0), STREAM).entries().isEmpty());
    }

    @Test
    void pagesPlusStreamFromTheFrozenPositionGiveExactlyTheFinalState() {
        String ch = channel("consistency");
        for (int i = 0; i < 30; i++) {
            set(ch, String.format("k%02d", i), "v" + i);
        }
        MapStatePage first = page(ch, MapStateQuery.first(10), STREAM);
        Map<String, String> client = new LinkedHashMap<>(values(first.entries()));
        // Changes between pages: in the page already read, in pages to come, before and after the cursor.
        set(ch, "k03", "changed-early");
        set(ch, "k15", "changed-late");
        remove(ch, "k20");
        remove(ch, "k05");
        set(ch, "k00a", "new-before-cursor");
        set(ch, "k25a", "new-after-cursor");
        MapStatePage page = first;
        while (!page.last()) {
            page = page(ch, MapStateQuery.next(page, 10), STREAM);
            client.putAll(values(page.entries()));
            set(ch, "k29", "changed-during-" + page.cursor());
        }
        HistoryResult changes = stream(ch, first.position(), -1, STREAM);
        apply(client, changes.publications());
        assertEquals(state(ch, STREAM), sorted(client));
        assertEquals(changes.top(), page(ch, MapStateQuery.first(0), STREAM).position());
    }

    @Test
    void aSingleKeyReadReturnsOnlyThatKeyNotItsNeighbours() {
        String ch = channel("single");
        set(ch, "a", "1");
        StreamPosition ofB = set(ch, "b", "2");
        set(ch, "b\u0000", "3"); // the closest possible neighbour above "b"
        set(ch, "ab", "4"); // and one below it
        MapStatePage page = page(ch, MapStateQuery.single("b", null), STREAM);
        assertEquals(Map.of("b", "2"), values(page.entries()));
        assertEquals(ofB.offset(), page.entries().get(0).offset());
        assertTrue(page.last());
        assertEquals(4, page.position().offset(), "the position is the top");
        assertTrue(page(ch, MapStateQuery.single("c", null), STREAM).entries().isEmpty(), "a missing key: no entry");
        StreamPosition before = page.position();
        set(ch, "b", "5");
        assertTrue(page(ch, MapStateQuery.single("b", before), STREAM).entries().isEmpty(),
                "changed after the revision: left to the stream");
    }

    @Test
    void aLaterPageOfAnotherEpochIsUnrecoverable() {
        String ch = channel("page-epoch");
        set(ch, "a", "1");
        set(ch, "b", "2");
        MapStatePage first = page(ch, MapStateQuery.first(1), STREAM);
        await(store.clear(ch));
        set(ch, "c", "3");
        UnrecoverablePositionException e = assertThrows(UnrecoverablePositionException.class,
                () -> page(ch, MapStateQuery.next(first, 1), STREAM));
        assertNotEquals(first.position().epoch(), e.top().epoch());
    }

    @Test
    void streamReadsChangesAfterAPositionWithKeysAndRemovals() {
        String ch = channel("catch-up");
        set(ch, "a", "1");
        StreamPosition since = set(ch, "b", "2");
        set(ch, "a", "3");
        remove(ch, "b");
        StreamPosition top = set(ch, "c", "4");
        HistoryResult all = stream(ch, since, -1, STREAM);
        assertEquals(top, all.top());
        assertEquals(List.of(3L, 4L, 5L), all.publications().stream().map(Publication::offset).toList());
        Publication removal = all.publications().get(1);
        assertEquals("b", removal.key());
        assertTrue(removal.removed());
        assertEquals(List.of(3L, 4L), stream(ch, since, 2, STREAM).publications().stream().map(Publication::offset)
                .toList());
        assertTrue(stream(ch, since, 0, STREAM).publications().isEmpty());
        assertTrue(stream(ch, top, -1, STREAM).publications().isEmpty(), "nothing after the top");
    }

    @Test
    void aStreamReadWithoutPositionStartsAtTheOldestKeptChange() {
        String ch = channel("no-since");
        MapOptions small = new MapOptions(3, Duration.ofMinutes(1), Duration.ofMinutes(10), Duration.ZERO, 0, 0);
        StreamPosition top = null;
        for (int i = 0; i < 5; i++) {
            top = set(ch, "k" + i, "v" + i, small);
        }
        HistoryResult all = stream(ch, null, -1, small);
        assertEquals(List.of(3L, 4L, 5L), all.publications().stream().map(Publication::offset).toList());
        assertEquals(top, all.top());
        assertEquals(List.of("k2"), stream(ch, null, 1, small).publications().stream().map(Publication::key)
                .toList(), "a limit counts from the oldest");
        assertTrue(stream(ch, null, 0, small).publications().isEmpty(), "limit 0: the position only");
    }

    @Test
    void positionsTheStreamCannotServeAreUnrecoverable() {
        String ch = channel("trimmed");
        MapOptions small = new MapOptions(3, Duration.ofMinutes(1), Duration.ofMinutes(10), Duration.ZERO, 0, 0);
        StreamPosition first = set(ch, "a", "1", small);
        for (int i = 0; i < 5; i++) {
            set(ch, "k" + i, "v", small);
        }
        StreamPosition top = new StreamPosition(6, first.epoch());
        assertThrows(UnrecoverablePositionException.class, () -> stream(ch, first, -1, small), "trimmed");
        assertEquals(3, stream(ch, new StreamPosition(3, first.epoch()), -1, small).publications().size());
        assertThrows(UnrecoverablePositionException.class,
                () -> stream(ch, new StreamPosition(3, "otherEpo"), -1, small), "other epoch");
        assertThrows(UnrecoverablePositionException.class,
                () -> stream(ch, new StreamPosition(7, first.epoch()), -1, small), "beyond the top");
        await(store.clear(ch));
        UnrecoverablePositionException e = assertThrows(UnrecoverablePositionException.class,
                () -> stream(ch, top, -1, small), "cleared: new epoch");
        assertNotEquals(first.epoch(), e.top().epoch());
        assertEquals(0, e.top().offset());
        assertTrue(state(ch, small).isEmpty());
    }

    @Test
    void expiredStreamIsUnrecoverableButStateStays() {
        String ch = channel("stream-ttl");
        MapOptions persistent = MapOptions.persistent(100, Duration.ofMinutes(1));
        StreamPosition first = set(ch, "a", "1", persistent);
        set(ch, "b", "2", persistent);
        advanceTime(Duration.ofMinutes(2));
        assertThrows(UnrecoverablePositionException.class, () -> stream(ch, first, -1, persistent));
        assertEquals(Map.of("a", "1", "b", "2"), state(ch, persistent));
        assertEquals(3, set(ch, "c", "3", persistent).offset(), "same epoch, offsets go on");
    }

    @Test
    void streamlessMapsNumberChangesButServeOnlyTheTop() {
        String ch = channel("ephemeral");
        MapOptions ephemeral = MapOptions.ephemeral(Duration.ofMinutes(1));
        StreamPosition first = set(ch, "a", "1", ephemeral);
        StreamPosition second = set(ch, "b", "2", ephemeral);
        assertEquals(first.offset() + 1, second.offset());
        assertTrue(stream(ch, second, -1, ephemeral).publications().isEmpty());
        assertThrows(UnrecoverablePositionException.class, () -> stream(ch, first, -1, ephemeral));
        assertEquals(Map.of("a", "1", "b", "2"), state(ch, ephemeral));
    }

    @Test
    void keysAreUniqueAcrossPagesOfARandomOrder() {
        String ch = channel("unique");
        Set<String> written = new HashSet<>();
        for (int i = 0; i < 40; i++) {
            String key = Integer.toHexString((i * 7919) % 4096) + "é";
            written.add(key);
            set(ch, key, "v");
        }
        Set<String> seen = new HashSet<>();
        MapStatePage page = page(ch, MapStateQuery.first(7), STREAM);
        while (true) {
            for (Publication p : page.entries()) {
                assertTrue(seen.add(p.key()), "duplicate " + p.key());
            }
            if (page.last()) {
                break;
            }
            page = page(ch, MapStateQuery.next(page, 7), STREAM);
        }
        assertEquals(written, seen);
    }
}
