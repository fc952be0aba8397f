package io.pulsegate.engine.redis;

import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import io.pulsegate.engine.map.MapStoreContractTest;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisClientType;
import io.vertx.redis.client.RedisOptions;

/** The map store contract against a real 3-master Redis Cluster, with classic and with sharded pub/sub. */
class RedisClusterMapStoreTest extends MapStoreContractTest {

    /** The same contract with SPUBLISH/SSUBSCRIBE. */
    static class ShardedPubSubTest extends RedisClusterMapStoreTest {

        @Override
        protected boolean shardedPubSub() {
            return true;
        }
    }

    private static RedisCluster cluster;
    private static Vertx vertx;

    private String prefix;
    private Redis redis;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = RedisCluster.start();
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stopCluster() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().join();
        cluster.close();
    }

    protected boolean shardedPubSub() {
        return false;
    }

    @Override
    protected void open() {
        prefix = "cm" + UUID.randomUUID().toString().substring(0, 8);
        RedisOptions options = new RedisOptions().setType(RedisClientType.CLUSTER);
        cluster.urls().forEach(options::addConnectionString);
        RedisBroker redisBroker = new RedisBroker(vertx, options, prefix, Duration.ofMillis(50),
                Duration.ofMillis(500), Duration.ofSeconds(5), shardedPubSub());
        redisBroker.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!redisBroker.connected() && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        broker = redisBroker;
        redis = Redis.createClient(vertx, options);
        store = new RedisMapStore(redis, prefix, clock, Duration.ofSeconds(5), shardedPubSub());
    }

    @Override
    protected void close() {
        ((RedisBroker) broker).close();
        redis.close();
    }

    @Override
    protected void advanceTime(Duration duration) {
        clock.advance(duration);
        RedisTime.advance(vertx, cluster.urls(), prefix, duration);
    }
}
