package io.pulsegate.engine.redis;

import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import io.pulsegate.engine.Broker;
import io.pulsegate.engine.BrokerContractTest;
import io.vertx.core.Vertx;
import io.vertx.redis.client.RedisClientType;
import io.vertx.redis.client.RedisOptions;

/** The broker contract, unchanged, against a real 3-master Redis Cluster created by the test. */
class RedisClusterBrokerTest extends BrokerContractTest {

    /** The same contract with sharded pub/sub, plus delivery and recovery between two nodes. */
    static class ShardedPubSubTest extends RedisClusterBrokerTest {

        @Override
        protected boolean shardedPubSub() {
            return true;
        }

        @org.junit.jupiter.api.Test
        void publicationsCrossNodesAndRecoverFromTheStream() throws InterruptedException {
            String prefix = "x" + UUID.randomUUID().toString().substring(0, 8);
            RedisBroker nodeA = clusterBroker(prefix);
            RedisBroker nodeB = clusterBroker(prefix);
            try {
                io.pulsegate.engine.RecordingHandler onB = new io.pulsegate.engine.RecordingHandler();
                nodeB.setEventHandler(onB);
                java.util.List<String> channels = java.util.List.of(channel("a"), channel("b"), channel("c"));
                for (String ch : channels) {
                    await(nodeB.subscribe(ch));
                }
                for (String ch : channels) {
                    for (int i = 1; i <= 3; i++) {
                        await(nodeA.publish(ch, pub("m" + i), HISTORY));
                    }
                }
                for (int i = 0; i < 9; i++) {
                    org.junit.jupiter.api.Assertions.assertNotNull(onB.next(TIMEOUT), "delivery " + i);
                }
                String epoch = await(nodeA.history(channels.get(0), io.pulsegate.engine.HistoryQuery.POSITION_ONLY))
                        .top().epoch();
                io.pulsegate.protocol.StreamPosition first = new io.pulsegate.protocol.StreamPosition(1, epoch);
                org.junit.jupiter.api.Assertions.assertEquals(java.util.List.of(2L, 3L), offsets(await(nodeB
                        .history(channels.get(0), new io.pulsegate.engine.HistoryQuery(first, -1, false)))));
            } finally {
                nodeA.close();
                nodeB.close();
            }
        }
    }

    private static RedisCluster cluster;
    private static Vertx vertx;

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

    @Override
    protected boolean strictSubscribeBoundary() {
        return shardedPubSub();
    }

    /** @return whether channel traffic uses sharded pub/sub (SPUBLISH/SSUBSCRIBE) */
    protected boolean shardedPubSub() {
        return false;
    }

    private String prefix;

    @Override
    protected Broker createBroker() {
        prefix = "c" + UUID.randomUUID().toString().substring(0, 8);
        return clusterBroker(prefix);
    }

    @Override
    protected boolean supportsTimeControl() {
        return true;
    }

    @Override
    protected void advanceTime(Duration duration) {
        RedisTime.advance(vertx, cluster.urls(), prefix, duration);
    }

    /** A broker as one gateway node would create it on the test cluster. */
    protected RedisBroker clusterBroker(String prefix) {
        RedisOptions options = new RedisOptions().setType(RedisClientType.CLUSTER);
        cluster.urls().forEach(options::addConnectionString);
        RedisBroker broker = new RedisBroker(vertx, options, prefix, Duration.ofMillis(50), Duration.ofMillis(500),
                Duration.ofSeconds(5), shardedPubSub());
        broker.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!broker.connected() && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        return broker;
    }

    @Override
    protected void closeBroker(Broker broker) {
        ((RedisBroker) broker).close();
    }
}
