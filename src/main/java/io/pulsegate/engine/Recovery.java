package io.pulsegate.engine;

import java.util.List;
import java.util.Objects;

import io.pulsegate.protocol.Publication;
import io.pulsegate.protocol.StreamPosition;

/**
 * Decides whether a subscribe with recovery succeeded (Centrifugo stream mode, protocol brief §6.2). Pure functions,
 * no I/O: the session reads history with {@code since = requested} and hands the result here.
 *
 * <p>
 * Recovery succeeds only when the epochs match (an empty requested epoch matches any) and either no publication was missed ({@code top == requested}) or
 * the result holds exactly the gap {@code requested+1 .. top}, contiguous, and no more than the recovery limit.
 * Anything else is {@code recovered:false} with no publications, never a partial result.
 *
 * <p>
 * To detect "limit exceeded", read with {@code limit = maxPublications + 1} (or no limit): a result truncated at
 * exactly {@code maxPublications} would end before the top and is refused anyway, so either way is safe.
 */
public final class Recovery {

    private Recovery() {
    }

    /** Same as {@link #recover(StreamPosition, HistoryResult, int)} without a publication limit. */
    public static RecoveryOutcome recover(StreamPosition requested, HistoryResult history) {
        return recover(requested, history, -1);
    }

    /**
     * @param requested the position the client asked to recover from (its last seen offset and epoch)
     * @param history the history read after {@code requested}, oldest first
     * @param maxPublications the recovery publication limit; negative means unlimited
     * @return the outcome; publications are those of {@code history} when recovered
     */
    public static RecoveryOutcome recover(StreamPosition requested, HistoryResult history, int maxPublications) {
        Objects.requireNonNull(requested, "requested");
        Objects.requireNonNull(history, "history");
        StreamPosition top = history.top();
        if (top == null || !requested.epochMatches(top.epoch())) {
            return RecoveryOutcome.NOT_RECOVERED;
        }
        List<Publication> pubs = history.publications() == null ? List.of() : history.publications();
        long missed = top.offset() - requested.offset();
        if (missed < 0) {
            // The client claims an offset the stream never reached: the stream was reset behind its back.
            return RecoveryOutcome.NOT_RECOVERED;
        }
        if (maxPublications >= 0 && missed > maxPublications) {
            return RecoveryOutcome.NOT_RECOVERED;
        }
        if (pubs.isEmpty()) {
            return missed == 0 ? new RecoveryOutcome(true, List.of()) : RecoveryOutcome.NOT_RECOVERED;
        }
        if (pubs.size() != missed || !isContiguous(pubs, requested.offset() + 1)) {
            return RecoveryOutcome.NOT_RECOVERED;
        }
        return new RecoveryOutcome(true, pubs);
    }

    /** Checks that offsets run first, first+1, … without holes or reordering, so the last one is the top. */
    private static boolean isContiguous(List<Publication> pubs, long first) {
        long expected = first;
        for (Publication p : pubs) {
            if (p.offset() != expected) {
                return false;
            }
            expected++;
        }
        return true;
    }
}
