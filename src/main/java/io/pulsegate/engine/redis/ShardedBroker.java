package io.pulsegate.engine.redis;

import java.util.List;

import io.pulsegate.engine.Broker;
import io.pulsegate.engine.BrokerEventHandler;
import io.pulsegate.engine.HistoryQuery;
import io.pulsegate.engine.HistoryResult;
import io.pulsegate.engine.PublishOptions;
import io.pulsegate.protocol.ClientInfo;
import io.pulsegate.protocol.Publication;
import io.pulsegate.protocol.StreamPosition;
import io.smallrye.mutiny.Uni;

/**
 * Client-side sharding over independent Redis instances (for users without Redis Cluster): each channel lives on the
 * shard chosen by {@link Shards}; control messages use the first shard. Every node subscribes to every shard it has
 * channels on, so fan-out capacity grows with the number of instances.
 */
public final class ShardedBroker implements Broker, AutoCloseable {

    private final List<RedisBroker> shards;

    public ShardedBroker(List<RedisBroker> shards) {
        if (shards.isEmpty()) {
            throw new IllegalArgumentException("at least one shard");
        }
        this.shards = List.copyOf(shards);
    }

    private RedisBroker shard(String channel) {
        return shards.get(Shards.of(channel, shards.size()));
    }

    /** @return the shards, for lifecycle and health */
    public List<RedisBroker> shards() {
        return shards;
    }

    @Override
    public void setEventHandler(BrokerEventHandler handler) {
        shards.forEach(s -> s.setEventHandler(handler));
    }

    @Override
    public Uni<StreamPosition> publish(String channel, Publication publication, PublishOptions options) {
        return shard(channel).publish(channel, publication, options);
    }

    @Override
    public Uni<Void> publishJoin(String channel, ClientInfo info) {
        return shard(channel).publishJoin(channel, info);
    }

    @Override
    public Uni<Void> publishLeave(String channel, ClientInfo info) {
        return shard(channel).publishLeave(channel, info);
    }

    @Override
    public Uni<Void> subscribe(String channel) {
        return shard(channel).subscribe(channel);
    }

    @Override
    public Uni<Void> unsubscribe(String channel) {
        return shard(channel).unsubscribe(channel);
    }

    @Override
    public Uni<HistoryResult> history(String channel, HistoryQuery query) {
        return shard(channel).history(channel, query);
    }

    @Override
    public Uni<Void> removeHistory(String channel) {
        return shard(channel).removeHistory(channel);
    }

    @Override
    public Uni<Void> publishControl(byte[] message) {
        return shards.get(0).publishControl(message);
    }

    @Override
    public void close() {
        shards.forEach(RedisBroker::close);
    }
}
