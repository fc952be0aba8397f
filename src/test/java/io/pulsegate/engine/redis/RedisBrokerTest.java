package io.pulsegate.engine.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.pulsegate.engine.Broker;
import io.pulsegate.engine.BrokerContractTest;
import io.pulsegate.engine.HistoryQuery;
import io.pulsegate.engine.PublishOptions;
import io.pulsegate.protocol.StreamPosition;
import io.vertx.core.Vertx;
import io.vertx.redis.client.RedisOptions;

/**
 * The broker contract, unchanged, against a real redis-server started for this class; its TTL cases drive Redis'
 * own key expiry ({@link RedisTime}).
 */
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

    private String prefix;

    @Override
    protected Broker createBroker() {
        prefix = "t" + UUID.randomUUID().toString().substring(0, 8);
        return connectedBroker(vertx, server.url(), prefix);
    }

    @Override
    protected boolean supportsTimeControl() {
        return true;
    }

    @Override
    protected void advanceTime(Duration duration) {
        RedisTime.advance(vertx, List.of(server.url()), prefix, duration);
    }

    @Test
    void historyExpiresOnRedisWallClock() {
        String ch = channel("wall-clock");
        PublishOptions shortTtl = new PublishOptions(10, Duration.ofMillis(300), Duration.ofHours(1));
        StreamPosition last = await(broker.publish(ch, pub("p1"), shortTtl));
        assertEquals(1, history(ch, null, -1, false).publications().size());
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!history(ch, null, -1, false).publications().isEmpty()) {
            assertTrue(System.nanoTime() < deadline, "history still there 5 s after a 300 ms TTL");
            Thread.onSpinWait();
        }
        assertEquals(last, await(broker.history(ch, HistoryQuery.POSITION_ONLY)).top(), "position outlives history");
    }

    @Override
    protected void closeBroker(Broker broker) {
        ((RedisBroker) broker).close();
    }
}
