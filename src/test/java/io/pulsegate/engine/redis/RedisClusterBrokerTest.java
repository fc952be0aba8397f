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
    protected Broker createBroker() {
        RedisOptions options = new RedisOptions().setType(RedisClientType.CLUSTER);
        cluster.urls().forEach(options::addConnectionString);
        RedisBroker broker = new RedisBroker(vertx, options, "c" + UUID.randomUUID().toString().substring(0, 8),
                Duration.ofMillis(50), Duration.ofMillis(500), Duration.ofSeconds(5));
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
