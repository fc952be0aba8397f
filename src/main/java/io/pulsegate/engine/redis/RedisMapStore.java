package io.pulsegate.engine.redis;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import io.pulsegate.engine.EngineUnavailableException;
import io.pulsegate.engine.Epochs;
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
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Response;

/**
 * {@link MapStore} on Redis: one Lua script per operation ({@link MapScripts}) updates a map's state, its stream (the
 * channel's history stream and meta of {@link RedisBroker}) and publishes the change on the channel's pub/sub
 * channel, atomically, so a {@link RedisBroker} subscribed to the channel delivers map changes like publications, in
 * offset order, and replays them from the stream after a pub/sub outage. All keys of a channel share its hash tag.
 *
 * <p>
 * Key TTLs use this node's clock (expire-at times in a sorted set), so nodes are expected to be NTP-synchronised;
 * stream and meta TTLs are Redis key expiries. Thread-safe; never blocks.
 */
public final class RedisMapStore implements MapStore {

    private static final byte[] REMOVAL_PREFIX = RedisCodec.removalPrefix();

    private final Redis redis;
    private final Keys keys;
    private final Clock clock;
    private final Duration timeout;
    private final String publishCommand;
    private final Epochs epochs = new Epochs();

    /**
     * @param redis command client (standalone or cluster), shared with the node's broker or not
     * @param prefix the key prefix of the node's {@link RedisBroker}, whose subscriptions deliver the changes
     * @param clock the time source of key TTLs
     * @param shardedPubSub as the broker's: publish with SPUBLISH
     */
    public RedisMapStore(Redis redis, String prefix, Clock clock, Duration commandTimeout, boolean shardedPubSub) {
        this.redis = Objects.requireNonNull(redis, "redis");
        this.keys = new Keys(prefix);
        this.clock = Objects.requireNonNull(clock, "clock");
        this.timeout = commandTimeout;
        this.publishCommand = shardedPubSub ? "spublish" : "publish";
    }

    @Override
    public Uni<MapWriteResult> publish(String channel, String key, MapValue value, KeyMode mode,
            MapOptions options) {
        RuntimeException invalid = MapOptions.invalid(key, value, options);
        if (invalid != null) {
            return Uni.createFrom().failure(invalid);
        }
        byte[] payload = RedisCodec.publication(new Publication(value.data(), value.info(), 0, value.tags())
                .withKey(key, false));
        String flag = switch (mode) {
            case IF_NEW -> "n";
            case IF_EXISTS -> "x";
            case ALWAYS -> "a";
        };
        return run(MapScripts.PUBLISH, channel, options, key, payload, options.keyTtl().toMillis(),
                options.maxKeys(), flag).map(r -> written(channel, r, options));
    }

    @Override
    public Uni<MapWriteResult> remove(String channel, String key, MapOptions options) {
        RuntimeException invalid = MapOptions.invalid(key, null, options);
        if (invalid != null) {
            return Uni.createFrom().failure(invalid);
        }
        return run(MapScripts.REMOVE, channel, options, key).map(r -> written(channel, r, options));
    }

    @Override
    public Uni<MapStatePage> readState(String channel, MapStateQuery query, MapOptions options) {
        int limit = query.limit() < 0 ? -1 : query.limit();
        return run(MapScripts.STATE, channel, options, query.start(), limit, query.only())
                .map(r -> statePage(r, query));
    }

    @Override
    public Uni<HistoryResult> readStream(String channel, StreamPosition since, int limit, MapOptions options) {
        String first = since == null ? "-" : (since.offset() + 1) + "-0";
        return run(MapScripts.STREAM, channel, options, first, limit < 0 ? -1 : limit)
                .map(r -> streamPage(r, since));
    }

    @Override
    public Uni<Integer> expire(String channel, MapOptions options) {
        return run(MapScripts.EXPIRE, channel, options).map(r -> r.get(0).toInteger());
    }

    @Override
    public Uni<MapStats> stats(String channel, MapOptions options) {
        return run(MapScripts.EXPIRE, channel, options)
                .map(r -> new MapStats(r.get(1).toLong(), new StreamPosition(r.get(2).toLong(), r.get(3).toString())));
    }

    @Override
    public Uni<Void> clear(String channel) {
        return MapScripts.CLEAR.run(redis, timeout, keys(channel)).onFailure()
                .transform(RedisMapStore::unavailable).replaceWithVoid();
    }

    /** Runs a map script with the common arguments followed by {@code args}. */
    private Uni<Response> run(Script script, String channel, MapOptions options, Object... args) {
        Object[] all = new Object[8 + args.length];
        all[0] = epochs.next();
        all[1] = clock.millis();
        all[2] = options.streamSize();
        all[3] = Math.max(1, options.streamTtl().toMillis());
        all[4] = options.metaTtl().toMillis();
        all[5] = keys.pubsub(channel);
        all[6] = publishCommand;
        all[7] = REMOVAL_PREFIX;
        System.arraycopy(args, 0, all, 8, args.length);
        return script.run(redis, timeout, keys(channel), all).onFailure().transform(RedisMapStore::unavailable);
    }

    private List<String> keys(String channel) {
        return List.of(keys.stream(channel), keys.meta(channel), keys.mapState(channel), keys.mapKeys(channel),
                keys.mapExpire(channel));
    }

    private static MapWriteResult written(String channel, Response r, MapOptions options) {
        StreamPosition position = new StreamPosition(r.get(0).toLong(), r.get(1).toString());
        return switch (r.get(2).toString()) {
            case "" -> new MapWriteResult(position, Suppressed.NONE);
            case "key_exists" -> new MapWriteResult(position, Suppressed.KEY_EXISTS);
            case "key_not_found" -> new MapWriteResult(position, Suppressed.KEY_NOT_FOUND);
            default -> throw new MapLimitException(MapLimitException.Limit.MAX_KEYS,
                    "map " + channel + " already holds " + options.maxKeys() + " keys");
        };
    }

    private static MapStatePage statePage(Response r, MapStateQuery query) {
        StreamPosition top = new StreamPosition(r.get(0).toLong(), r.get(1).toString());
        StreamPosition revision = query.revision();
        if (revision != null && (!revision.epochMatches(top.epoch()) || revision.offset() > top.offset())) {
            throw new UnrecoverablePositionException(revision, top);
        }
        StreamPosition frozen = revision == null ? top : new StreamPosition(revision.offset(), top.epoch());
        Response names = r.get(2);
        Response values = r.get(3);
        int n = names.size();
        String cursor = "";
        if (query.limit() > 0 && n > query.limit()) {
            n = query.limit();
            cursor = names.get(n - 1).toString();
        }
        List<Publication> entries = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Publication entry = entry(values.get(i).toBytes());
            if (entry.offset() <= frozen.offset()) {
                entries.add(entry);
            }
        }
        return new MapStatePage(entries, cursor, frozen);
    }

    /** Decodes a state value {@code <offset>:<payload>}. */
    private static Publication entry(byte[] value) {
        int colon = 0;
        while (value[colon] != ':') {
            colon++;
        }
        long offset = Long.parseLong(new String(value, 0, colon, java.nio.charset.StandardCharsets.US_ASCII));
        return RedisCodec.publication(java.util.Arrays.copyOfRange(value, colon + 1, value.length), offset);
    }

    private static HistoryResult streamPage(Response r, StreamPosition since) {
        StreamPosition top = new StreamPosition(r.get(0).toLong(), r.get(1).toString());
        String oldestId = r.get(2).toString();
        long oldest = oldestId.isEmpty() ? top.offset() + 1 : idOffset(oldestId);
        if (since != null && (!since.epochMatches(top.epoch()) || since.offset() < 0 || since.offset() > top.offset()
                || since.offset() < oldest - 1)) {
            throw new UnrecoverablePositionException(since, top);
        }
        List<Publication> changes = new ArrayList<>();
        for (Response entry : r.get(3)) {
            changes.add(RedisCodec.publication(entry.get(1).get(1).toBytes(), idOffset(entry.get(0).toString())));
        }
        return new HistoryResult(changes, top);
    }

    private static long idOffset(String id) {
        return Long.parseLong(id.substring(0, id.indexOf('-')));
    }

    private static Throwable unavailable(Throwable failure) {
        return failure instanceof UnrecoverablePositionException || failure instanceof MapLimitException
                ? failure
                : new EngineUnavailableException("redis: " + failure.getMessage());
    }
}
