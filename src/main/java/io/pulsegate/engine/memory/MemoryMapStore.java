package io.pulsegate.engine.memory;

import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import io.pulsegate.engine.HistoryQuery;
import io.pulsegate.engine.HistoryResult;
import io.pulsegate.engine.UnrecoverablePositionException;
import io.pulsegate.engine.map.KeyMode;
import io.pulsegate.engine.map.MapLimitException;
import io.pulsegate.engine.map.MapOptions;
import io.pulsegate.engine.map.MapStatePage;
import io.pulsegate.engine.map.MapStateQuery;
import io.pulsegate.engine.map.MapStats;
import io.pulsegate.engine.map.MapStore;
import io.pulsegate.engine.map.MapValue;
import io.pulsegate.engine.map.MapWriteResult;
import io.pulsegate.engine.map.Suppressed;
import io.pulsegate.protocol.Publication;
import io.pulsegate.protocol.StreamPosition;
import io.smallrye.mutiny.Uni;

/**
 * {@link MapStore} of the embedded engine. A map's stream is the channel's {@link ChannelStream} of the
 * {@link MemoryBroker}, whose monitor is also the lock of the map's state ({@link ChannelMap}): a change takes the
 * next offset, updates the state, is appended and delivered to the broker's handler in one step, so deliveries are in
 * offset order and a state read never sees half a change. State created under one epoch is dropped as soon as the
 * stream shows another (its meta expired), so a new epoch always starts empty.
 *
 * <p>
 * Key TTLs follow the clock given here (the broker's, in practice); expiry happens on every access and in
 * {@link #sweep()}, which the node calls periodically.
 */
public final class MemoryMapStore implements MapStore {

    private final MemoryBroker broker;
    private final Clock clock;
    private final ConcurrentHashMap<String, ChannelMap> maps = new ConcurrentHashMap<>();

    /**
     * @param broker the node's broker: its streams and its delivery carry the map changes
     * @param clock the time source of key TTLs (the broker's clock)
     */
    public MemoryMapStore(MemoryBroker broker, Clock clock) {
        this.broker = Objects.requireNonNull(broker, "broker");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public Uni<MapWriteResult> publish(String channel, String key, MapValue value, KeyMode mode,
            MapOptions options) {
        RuntimeException invalid = MapOptions.invalid(key, value, options);
        if (invalid != null) {
            return Uni.createFrom().failure(invalid);
        }
        return locked(channel, options, (stream, map) -> {
            boolean exists = map.contains(key);
            if (mode == KeyMode.IF_NEW && exists) {
                return suppressed(stream, Suppressed.KEY_EXISTS);
            }
            if (mode == KeyMode.IF_EXISTS && !exists) {
                return suppressed(stream, Suppressed.KEY_NOT_FOUND);
            }
            if (!exists && options.maxKeys() > 0 && map.size() >= options.maxKeys()) {
                throw new MapLimitException(MapLimitException.Limit.MAX_KEYS,
                        "map " + channel + " already holds " + options.maxKeys() + " keys");
            }
            Publication change = new Publication(value.data(), value.info(), 0, value.tags()).withKey(key, false);
            return applied(append(channel, stream, map, change, options));
        });
    }

    @Override
    public Uni<MapWriteResult> remove(String channel, String key, MapOptions options) {
        RuntimeException invalid = MapOptions.invalid(key, null, options);
        if (invalid != null) {
            return Uni.createFrom().failure(invalid);
        }
        return locked(channel, options, (stream, map) -> map.contains(key)
                ? applied(append(channel, stream, map, removal(key), options))
                : suppressed(stream, Suppressed.KEY_NOT_FOUND));
    }

    @Override
    public Uni<MapStatePage> readState(String channel, MapStateQuery query, MapOptions options) {
        return locked(channel, options, (stream, map) -> {
            StreamPosition top = stream.position();
            StreamPosition revision = query.revision();
            if (revision != null && (!revision.epochMatches(top.epoch()) || revision.offset() > top.offset())) {
                throw new UnrecoverablePositionException(revision, top);
            }
            StreamPosition frozen = revision == null ? top : new StreamPosition(revision.offset(), top.epoch());
            if (query.limit() == 0) {
                return new MapStatePage(List.of(), "", frozen);
            }
            List<Publication> entries = query.only().isEmpty()
                    ? map.page(query.start(), query.limit())
                    : map.single(query.only());
            String cursor = "";
            if (query.limit() > 0 && entries.size() > query.limit()) {
                entries = entries.subList(0, query.limit());
                cursor = entries.get(entries.size() - 1).key();
            }
            List<Publication> kept = entries.stream().filter(p -> p.offset() <= frozen.offset()).toList();
            return new MapStatePage(kept, cursor, frozen);
        });
    }

    @Override
    public Uni<HistoryResult> readStream(String channel, StreamPosition since, int limit, MapOptions options) {
        return locked(channel, options, (stream, map) -> stream.read(new HistoryQuery(since, limit, false)));
    }

    @Override
    public Uni<Integer> expire(String channel, MapOptions options) {
        return Uni.createFrom().item(() -> expireNow(channel, options));
    }

    @Override
    public Uni<MapStats> stats(String channel, MapOptions options) {
        return locked(channel, options, (stream, map) -> new MapStats(map.size(), stream.position()));
    }

    @Override
    public Uni<Void> clear(String channel) {
        return Uni.createFrom().item(() -> {
            broker.withStream(channel, stream -> {
                maps.remove(channel);
                broker.dropStream(channel, stream);
                return null;
            });
            return null;
        });
    }

    /**
     * Expires due keys of every map in memory (with the options of its last use) and forgets maps left empty.
     *
     * @return how many keys expired
     */
    public int sweep() {
        int expired = 0;
        for (var entry : maps.entrySet()) {
            expired += expireNow(entry.getKey(), entry.getValue().options);
        }
        return expired;
    }

    /** @return number of maps held in memory (tests and metrics) */
    public int mapCount() {
        return maps.size();
    }

    private int expireNow(String channel, MapOptions options) {
        int[] count = {0};
        broker.withStream(channel, stream -> {
            ChannelMap map = current(channel, stream, options);
            count[0] = expireDue(channel, stream, map, options);
            if (map.size() == 0) {
                maps.remove(channel, map); // recreated on the next use, under the same epoch
            }
            return null;
        });
        return count[0];
    }

    /** Runs {@code action} with the channel's lock held, on its current state, after expiring due keys. */
    private <T> Uni<T> locked(String channel, MapOptions options, Action<T> action) {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(options, "options");
        return Uni.createFrom().item(() -> broker.withStream(channel, stream -> {
            ChannelMap map = current(channel, stream, options);
            expireDue(channel, stream, map, options);
            return action.apply(stream, map);
        }));
    }

    @FunctionalInterface
    private interface Action<T> {
        T apply(ChannelStream stream, ChannelMap map);
    }

    /** Lock held. The channel's state for the stream's epoch; state of an older epoch is dropped. */
    private ChannelMap current(String channel, ChannelStream stream, MapOptions options) {
        String epoch = stream.position().epoch();
        ChannelMap map = maps.compute(channel, (c, old) -> old != null && old.epoch.equals(epoch)
                ? old
                : new ChannelMap(epoch, options));
        map.options = options;
        return map;
    }

    /** Lock held. Removes up to {@link #EXPIRE_BATCH} due keys, each with a removal. */
    private int expireDue(String channel, ChannelStream stream, ChannelMap map, MapOptions options) {
        List<String> due = map.due(clock.millis(), EXPIRE_BATCH);
        for (String key : due) {
            append(channel, stream, map, removal(key), options);
        }
        return due.size();
    }

    /** Lock held. Numbers the change, applies it to the state, keeps it in the stream and delivers it. */
    private StreamPosition append(String channel, ChannelStream stream, ChannelMap map, Publication change,
            MapOptions options) {
        long now = clock.millis();
        long metaTtl = options.metaTtl().isZero() ? Long.MAX_VALUE : options.metaTtl().toMillis();
        Publication kept = stream.append(change, options.streamSize(), now, options.streamTtl().toMillis(), metaTtl);
        if (kept.removed()) {
            map.remove(kept.key());
        } else {
            map.put(kept, now, options.keyTtl().toMillis());
        }
        StreamPosition position = stream.position();
        broker.deliver(channel, kept, position.epoch(), false);
        return position;
    }

    private static Publication removal(String key) {
        return new Publication(null, null, 0, null).withKey(key, true);
    }

    private static MapWriteResult applied(StreamPosition position) {
        return new MapWriteResult(position, Suppressed.NONE);
    }

    private static MapWriteResult suppressed(ChannelStream stream, Suppressed reason) {
        return new MapWriteResult(stream.position(), reason);
    }
}
