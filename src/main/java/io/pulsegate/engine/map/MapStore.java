package io.pulsegate.engine.map;

import io.pulsegate.engine.HistoryResult;
import io.pulsegate.engine.UnrecoverablePositionException;
import io.pulsegate.protocol.StreamPosition;
import io.smallrye.mutiny.Uni;

/**
 * The keyed state of map channels (see docs/adr/0008-map-state-in-the-engines.md). A map channel holds keys with
 * values; every change (set, replace, remove, TTL expiry) gets the next offset of the channel's stream, is appended
 * to that stream (when {@link MapOptions#hasStream()}) and is delivered live as a {@link io.pulsegate.protocol.Publication}
 * carrying {@code key} (and {@code removed}) through the engine's {@link io.pulsegate.engine.Broker} subscription of
 * the channel, in offset order. The map stream is the channel's history stream: a map channel is not also used for
 * plain publications.
 *
 * <p>
 * Each key's state entry carries the offset of its last change, so a key never goes back in time: of two changes of
 * one key, the one with the higher offset is the newer. The epoch changes only when the map's state is lost (meta
 * expiry, {@link #clear}, a memory engine restart); a new epoch starts with empty state.
 *
 * <p>
 * {@code options} are the channel's map configuration (from its namespace) and must be the same for every call on
 * one channel: reads need them too because they may expire keys, which appends removals to the stream. Methods never
 * block; results are lazy {@link Uni}s (each subscription runs the operation again). Engine failures surface as
 * {@link io.pulsegate.engine.EngineUnavailableException}.
 */
public interface MapStore {

    /**
     * Sets or replaces {@code key}, resetting its TTL. Fails with {@link MapLimitException} when the value exceeds
     * {@link MapOptions#maxValueSize()} or a new key would exceed {@link MapOptions#maxKeys()}.
     *
     * @param mode {@link KeyMode#IF_NEW} / {@link KeyMode#IF_EXISTS} suppress the write (nothing appended or
     *        delivered) when the key exists / does not exist
     * @return the change's position, or the current top with a {@link MapWriteResult#suppressed() suppress reason}
     */
    Uni<MapWriteResult> publish(String channel, String key, MapValue value, KeyMode mode, MapOptions options);

    /**
     * Removes {@code key}: a removal ({@code key}, {@code removed:true}, no data) is appended and delivered. Removing a
     * missing key changes nothing and answers {@link Suppressed#KEY_NOT_FOUND}.
     */
    Uni<MapWriteResult> remove(String channel, String key, MapOptions options);

    /**
     * Reads one page of the current state, keys in ascending (UTF-8 byte) order, each entry a publication with its
     * {@code key}, {@code data}, {@code info}, {@code tags} and the {@code offset} of its last change.
     *
     * <p>
     * First page: {@code query.revision() == null}; the page's position is the stream top at that read. Later pages
     * pass that position as the revision: the page keeps it, drops entries changed after it (the stream from the
     * revision brings them), and fails with {@link UnrecoverablePositionException} when the epoch changed. Pages plus
     * {@link #readStream} from the revision give exactly the state at the stream's top, whatever changed in between.
     */
    Uni<MapStatePage> readState(String channel, MapStateQuery query, MapOptions options);

    /**
     * Reads the changes after {@code since}, oldest first: at most {@code limit} ({@code 0}: only the top position,
     * negative: all). Fails with {@link UnrecoverablePositionException} when {@code since} has another epoch, is beyond
     * the top, or changes after it were trimmed or expired (always for maps without a stream, unless
     * {@code since} is the top). A {@code null} {@code since} reads from the oldest change the stream still keeps and
     * never fails so (the server API's {@code map_read_stream} without a position).
     */
    Uni<HistoryResult> readStream(String channel, StreamPosition since, int limit, MapOptions options);

    /**
     * Removes the keys whose TTL elapsed, each producing a removal like {@link #remove}. Every other operation also
     * expires the channel's due keys first; the node calls this periodically for the map channels it serves so that
     * subscribers see removals without waiting for a write. At most {@link #EXPIRE_BATCH} keys per call.
     *
     * @return how many keys expired
     */
    Uni<Integer> expire(String channel, MapOptions options);

    /** @return the number of keys (after expiring due ones) and the stream top */
    Uni<MapStats> stats(String channel, MapOptions options);

    /** Drops the map's state, stream and position: the next operation starts a new epoch with no keys. */
    Uni<Void> clear(String channel);

    /** Most keys one expiry pass removes, bounding the time one script or lock is held. */
    int EXPIRE_BATCH = 1000;
}
