package io.pulsegate.engine.redis;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import io.pulsegate.engine.Broker;
import io.pulsegate.engine.BrokerContractTest;
import io.vertx.core.Vertx;

/** The broker contract, unchanged, against client-side sharding over two independent redis-server processes. */
class ShardedBrokerTest extends BrokerContractTest {

    private static RedisServer first;
    private static RedisServer second;
    private static Vertx vertx;

    @BeforeAll
    static void startRedis() throws Exception {
        first = RedisServer.start();
        second = RedisServer.start();
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stopRedis() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().join();
        first.close();
        second.close();
    }

    private String prefix;

    @Override
    protected Broker createBroker() {
        prefix = "s" + UUID.randomUUID().toString().substring(0, 8);
        return new ShardedBroker(List.of(RedisBrokerTest.connectedBroker(vertx, first.url(), prefix),
                RedisBrokerTest.connectedBroker(vertx, second.url(), prefix)));
    }

    @Override
    protected void closeBroker(Broker broker) {
        ((ShardedBroker) broker).close();
    }

    @Override
    protected boolean supportsTimeControl() {
        return true;
    }

    @Override
    protected void advanceTime(Duration duration) {
        RedisTime.advance(vertx, List.of(first.url(), second.url()), prefix, duration);
    }
}
