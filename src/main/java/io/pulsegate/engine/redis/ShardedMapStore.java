package io.pulsegate.engine.redis;

import java.util.List;

import io.pulsegate.engine.HistoryResult;
import io.pulsegate.engine.map.KeyMode;
import io.pulsegate.engine.map.MapOptions;
import io.pulsegate.engine.map.MapStatePage;
import io.pulsegate.engine.map.MapStateQuery;
import io.pulsegate.engine.map.MapStats;
import io.pulsegate.engine.map.MapStore;
import io.pulsegate.engine.map.MapValue;
import io.pulsegate.engine.map.MapWriteResult;
import io.pulsegate.protocol.StreamPosition;
import io.smallrye.mutiny.Uni;

/**
 * {@link MapStore} over independent Redis instances: each map lives on the shard {@link Shards} picks for its
 * channel, the same as {@link ShardedBroker}'s, so a map's changes reach the shard its subscribers listen on.
 */
public final class ShardedMapStore implements MapStore {

    private final List<RedisMapStore> shards;

    /** @param shards in the order of the broker's shards */
    public ShardedMapStore(List<RedisMapStore> shards) {
        if (shards.isEmpty()) {
            throw new IllegalArgumentException("at least one shard");
        }
        this.shards = List.copyOf(shards);
    }

    private MapStore shard(String channel) {
        return shards.get(Shards.of(channel, shards.size()));
    }

    @Override
    public Uni<MapWriteResult> publish(String channel, String key, MapValue value, KeyMode mode,
            MapOptions options) {
        return shard(channel).publish(channel, key, value, mode, options);
    }

    @Override
    public Uni<MapWriteResult> remove(String channel, String key, MapOptions options) {
        return shard(channel).remove(channel, key, options);
    }

    @Override
    public Uni<MapStatePage> readState(String channel, MapStateQuery query, MapOptions options) {
        return shard(channel).readState(channel, query, options);
    }

    @Override
    public Uni<HistoryResult> readStream(String channel, StreamPosition since, int limit, MapOptions options) {
        return shard(channel).readStream(channel, since, limit, options);
    }

    @Override
    public Uni<Integer> expire(String channel, MapOptions options) {
        return shard(channel).expire(channel, options);
    }

    @Override
    public Uni<MapStats> stats(String channel, MapOptions options) {
        return shard(channel).stats(channel, options);
    }

    @Override
    public Uni<Void> clear(String channel) {
        return shard(channel).clear(channel);
    }
}
