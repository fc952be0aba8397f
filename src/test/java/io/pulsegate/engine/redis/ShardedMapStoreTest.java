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

/** The map store contract against client-side sharding over two independent redis-server processes. */
class ShardedMapStoreTest extends MapStoreContractTest {

    private static RedisServer first;
    private static RedisServer second;
    private static Vertx vertx;

    private String prefix;
    private List<Redis> clients;

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

    @Override
    protected void open() {
        prefix = "sm" + UUID.randomUUID().toString().substring(0, 8);
        List<String> urls = List.of(first.url(), second.url());
        broker = new ShardedBroker(urls.stream().map(url -> RedisBrokerTest.connectedBroker(vertx, url, prefix))
                .toList());
        clients = urls.stream().map(url -> Redis.createClient(vertx, new RedisOptions().setConnectionString(url)))
                .toList();
        store = new ShardedMapStore(clients.stream()
                .map(redis -> new RedisMapStore(redis, prefix, clock, Duration.ofSeconds(5), false)).toList());
    }

    @Override
    protected void close() {
        ((ShardedBroker) broker).close();
        clients.forEach(Redis::close);
    }

    @Override
    protected void advanceTime(Duration duration) {
        clock.advance(duration);
        RedisTime.advance(vertx, List.of(first.url(), second.url()), prefix, duration);
    }
}
