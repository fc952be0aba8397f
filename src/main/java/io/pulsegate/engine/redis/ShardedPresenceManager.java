package io.pulsegate.engine.redis;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.pulsegate.engine.PresenceManager;
import io.pulsegate.engine.PresenceStats;
import io.pulsegate.protocol.ClientInfo;
import io.smallrye.mutiny.Uni;

/** Presence sharded like {@link ShardedBroker}: a channel's presence lives on the channel's shard. */
public final class ShardedPresenceManager implements PresenceManager {

    private final List<PresenceManager> shards;

    public ShardedPresenceManager(List<PresenceManager> shards) {
        this.shards = List.copyOf(shards);
    }

    private PresenceManager shard(String channel) {
        return shards.get(Shards.of(channel, shards.size()));
    }

    @Override
    public Uni<Void> add(String channel, ClientInfo info, Duration ttl) {
        return shard(channel).add(channel, info, ttl);
    }

    @Override
    public Uni<Void> remove(String channel, String clientId) {
        return shard(channel).remove(channel, clientId);
    }

    @Override
    public Uni<Map<String, ClientInfo>> presence(String channel) {
        return shard(channel).presence(channel);
    }

    @Override
    public Uni<PresenceStats> stats(String channel) {
        return shard(channel).stats(channel);
    }
}
