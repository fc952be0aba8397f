package io.pulsegate.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;

import io.pulsegate.protocol.Publication;
import io.pulsegate.protocol.StreamPosition;

class RecoveryTest {

    private static final String EPOCH = "abcdEFGH";

    private static List<Publication> pubs(long... offsets) {
        return LongStream.of(offsets).mapToObj(o -> new Publication(new byte[0], null, o, null)).toList();
    }

    private static HistoryResult result(long top, long... offsets) {
        return new HistoryResult(pubs(offsets), new StreamPosition(top, EPOCH));
    }

    @Test
    void nothingMissedIsRecovered() {
        RecoveryOutcome outcome = Recovery.recover(new StreamPosition(5, EPOCH), result(5));
        assertTrue(outcome.recovered());
        assertTrue(outcome.publications().isEmpty());
    }

    @Test
    void exactGapIsRecovered() {
        RecoveryOutcome outcome = Recovery.recover(new StreamPosition(5, EPOCH), result(8, 6, 7, 8));
        assertTrue(outcome.recovered());
        assertEquals(List.of(6L, 7L, 8L), outcome.publications().stream().map(Publication::offset).toList());
    }

    @Test
    void otherEpochIsNotRecovered() {
        assertEquals(RecoveryOutcome.NOT_RECOVERED, Recovery.recover(new StreamPosition(5, "zzzzzzzz"), result(5)));
    }

    @Test
    void emptyEpochMatchesAnyEpoch() {
        // centrifuge-js getState returning {offset:0, epoch:''} on a fresh channel, and after three publications
        assertTrue(Recovery.recover(new StreamPosition(0, ""), result(0)).recovered());
        assertTrue(Recovery.recover(new StreamPosition(5, null), result(5)).recovered());
        assertEquals(List.of(1L, 2L, 3L), Recovery.recover(new StreamPosition(0, ""), result(3, 1, 2, 3))
                .publications().stream().map(Publication::offset).toList());
        assertFalse(Recovery.recover(new StreamPosition(0, ""), result(3, 2, 3)).recovered());
    }

    @Test
    void missingPublicationsAreNotRecovered() {
        // Trimmed or expired: the stream moved on but returned nothing.
        assertEquals(RecoveryOutcome.NOT_RECOVERED, Recovery.recover(new StreamPosition(5, EPOCH), result(8)));
        // The first missed publication is gone.
        assertEquals(RecoveryOutcome.NOT_RECOVERED, Recovery.recover(new StreamPosition(5, EPOCH), result(8, 7, 8)));
        // Truncated by a read limit: ends before the top.
        assertEquals(RecoveryOutcome.NOT_RECOVERED, Recovery.recover(new StreamPosition(5, EPOCH), result(8, 6, 7)));
        // A hole in the middle.
        assertEquals(RecoveryOutcome.NOT_RECOVERED,
                Recovery.recover(new StreamPosition(5, EPOCH), result(9, 6, 7, 9)));
    }

    @Test
    void positionAheadOfTopIsNotRecovered() {
        assertFalse(Recovery.recover(new StreamPosition(9, EPOCH), result(5)).recovered());
    }

    @Test
    void moreThanLimitIsNotRecovered() {
        StreamPosition from = new StreamPosition(5, EPOCH);
        HistoryResult three = result(8, 6, 7, 8);
        assertFalse(Recovery.recover(from, three, 2).recovered());
        assertTrue(Recovery.recover(from, three, 3).recovered());
        assertTrue(Recovery.recover(from, three, -1).recovered());
        assertTrue(Recovery.recover(new StreamPosition(8, EPOCH), result(8), 0).recovered());
    }
}
