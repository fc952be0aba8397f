package io.pulsegate.engine.memory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;

import io.pulsegate.engine.Epochs;
import io.pulsegate.engine.HistoryQuery;
import io.pulsegate.engine.HistoryResult;
import io.pulsegate.engine.UnrecoverablePositionException;
import io.pulsegate.protocol.Publication;
import io.pulsegate.protocol.StreamPosition;

/**
 * One channel's history stream in memory: meta (epoch, top offset) plus the newest publications.
 *
 * <p>
 * Concurrency: not thread-safe by itself. Every method must be called with the instance's monitor held
 * ({@code synchronized (stream)}); {@link MemoryBroker} uses that monitor as the per-channel lock so that offset
 * assignment and delivery happen in one step.
 */
final class ChannelStream {

    private String epoch;
    private long top;
    /** Oldest first. Offsets are contiguous because we only append top+1 and trim from the head. */
    private final ArrayDeque<Publication> publications = new ArrayDeque<>();
    private long dataExpireAt = Long.MAX_VALUE;
    private long metaExpireAt;
    /** Set when the sweep dropped this instance from the map; holders of a stale reference must look it up again. */
    boolean removed;

    ChannelStream(String epoch, long metaExpireAt) {
        this.epoch = epoch;
        this.metaExpireAt = metaExpireAt;
    }

    /** Lock held. @return whether the meta (and so the whole stream) has outlived its TTL. */
    boolean metaExpired(long now) {
        return now >= metaExpireAt;
    }

    /**
     * Lock held. Applies lazy expiry: publications past the history TTL are dropped; past the meta TTL the stream
     * restarts with a fresh epoch and offset 0, so old client positions can no longer match.
     */
    void expire(long now, Epochs epochs, long defaultMetaTtlMillis) {
        if (metaExpired(now)) {
            epoch = epochs.next();
            top = 0;
            clear();
            metaExpireAt = plus(now, defaultMetaTtlMillis);
        } else if (now >= dataExpireAt) {
            clear();
        }
    }

    /**
     * Lock held. Appends at {@code top + 1}, trims to {@code historySize} and renews both TTLs.
     *
     * @return the publication as kept, carrying its offset
     */
    Publication append(Publication publication, int historySize, long now, long ttlMillis, long metaTtlMillis) {
        top++;
        Publication kept = publication.withOffset(top);
        publications.addLast(kept);
        while (publications.size() > historySize) {
            publications.pollFirst();
        }
        dataExpireAt = plus(now, ttlMillis);
        // Meta must not die before the data it indexes, whatever the configuration says.
        metaExpireAt = plus(now, Math.max(metaTtlMillis, ttlMillis));
        return kept;
    }

    /** Lock held. Drops kept publications; the position stays. */
    void clear() {
        publications.clear();
        dataExpireAt = Long.MAX_VALUE;
    }

    /** Lock held. */
    StreamPosition position() {
        return new StreamPosition(top, epoch);
    }

    /** Lock held. Number of kept publications (tests and metrics). */
    int size() {
        return publications.size();
    }

    /**
     * Lock held. Reads per the query (semantics documented on {@link MemoryBroker#history}).
     *
     * @throws UnrecoverablePositionException when {@code since} cannot be served from this stream
     */
    HistoryResult read(HistoryQuery query) {
        StreamPosition position = position();
        StreamPosition since = query.since();
        if (since != null && !canServe(since, query.reverse())) {
            throw new UnrecoverablePositionException(since, position);
        }
        if (query.limit() == 0 || publications.isEmpty()) {
            return new HistoryResult(List.of(), position);
        }
        int max = query.limit() < 0 ? Integer.MAX_VALUE : query.limit();
        List<Publication> out = new ArrayList<>(Math.min(max, publications.size()));
        Iterator<Publication> it = query.reverse() ? publications.descendingIterator() : publications.iterator();
        while (it.hasNext() && out.size() < max) {
            Publication p = it.next();
            if (since == null || (query.reverse() ? p.offset() < since.offset() : p.offset() > since.offset())) {
                out.add(p);
            }
        }
        return new HistoryResult(Collections.unmodifiableList(out), position);
    }

    /**
     * Whether the stream holds everything after {@code since}: same epoch (or none given), not beyond the top, and (forward) no
     * publication between {@code since} and the oldest kept one was trimmed or expired. Reverse reads page towards
     * older publications, where running out is the normal end, so only epoch and top are checked.
     */
    private boolean canServe(StreamPosition since, boolean reverse) {
        if (!since.epochMatches(epoch) || since.offset() < 0 || since.offset() > top) {
            return false;
        }
        if (reverse) {
            return true;
        }
        long oldest = publications.isEmpty() ? top + 1 : publications.peekFirst().offset();
        return since.offset() >= oldest - 1;
    }

    /** Saturating add so that huge TTLs mean "practically forever" instead of overflowing into the past. */
    static long plus(long now, long millis) {
        long sum = now + millis;
        return ((now ^ sum) & (millis ^ sum)) < 0 ? Long.MAX_VALUE : sum;
    }
}
