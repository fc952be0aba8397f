package io.pulsegate.engine.redis;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import io.pulsegate.engine.Broker;
import io.pulsegate.engine.BrokerContractTest;
import io.vertx.core.Vertx;
import io.vertx.redis.client.RedisOptions;

/** The broker contract, unchanged, against a real redis-server started for this class. */
class RedisBrokerTest extends BrokerContractTest {

    private static RedisServer server;
    private static Vertx vertx;

    @BeforeAll
    static void startRedis() throws Exception {
        server = RedisServer.start();
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stopRedis() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().join();
        server.close();
    }

    static RedisBroker connectedBroker(Vertx vertx, String url, String prefix) {
        RedisBroker broker = new RedisBroker(vertx, new RedisOptions().setConnectionString(url), prefix,
                Duration.ofMillis(50), Duration.ofMillis(500), Duration.ofSeconds(5));
        broker.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!broker.connected() && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertTrue(broker.connected(), "pub/sub connected");
        return broker;
    }

    @Override
    protected Broker createBroker() {
        return connectedBroker(vertx, server.url(), "t" + UUID.randomUUID().toString().substring(0, 8));
    }

    @Override
    protected void closeBroker(Broker broker) {
        ((RedisBroker) broker).close();
    }
}
