package io.pulsegate.engine.redis;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import io.pulsegate.engine.map.MapStoreContractTest;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;

/**
 * The map store contract against a real redis-server started for this class: key TTLs on the contract's clock,
 * stream and meta TTLs driven through Redis' own key expiry ({@link RedisTime}).
 */
class RedisMapStoreTest extends MapStoreContractTest {

    private static RedisServer server;
    private static Vertx vertx;

    private String prefix;
    private Redis redis;

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

    @Override
    protected void open() {
        prefix = "m" + UUID.randomUUID().toString().substring(0, 8);
        broker = RedisBrokerTest.connectedBroker(vertx, server.url(), prefix);
        redis = Redis.createClient(vertx, new RedisOptions().setConnectionString(server.url()));
        store = new RedisMapStore(redis, prefix, clock, Duration.ofSeconds(5), false);
    }

    @Override
    protected void close() {
        ((RedisBroker) broker).close();
        redis.close();
    }

    @Override
    protected void advanceTime(Duration duration) {
        clock.advance(duration);
        RedisTime.advance(vertx, List.of(server.url()), prefix, duration);
    }
}
