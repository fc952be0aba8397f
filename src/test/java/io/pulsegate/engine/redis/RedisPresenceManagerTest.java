package io.pulsegate.engine.redis;

import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import io.pulsegate.engine.MutableClock;
import io.pulsegate.engine.PresenceManager;
import io.pulsegate.engine.PresenceManagerContractTest;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;

/** The presence contract, unchanged, against a real redis-server; expiry follows the node clock, so it is testable. */
class RedisPresenceManagerTest extends PresenceManagerContractTest {

    private static RedisServer server;
    private static Vertx vertx;
    private static Redis redis;
    private MutableClock clock;

    @BeforeAll
    static void startRedis() throws Exception {
        server = RedisServer.start();
        vertx = Vertx.vertx();
        redis = Redis.createClient(vertx, new RedisOptions().setConnectionString(server.url()));
    }

    @AfterAll
    static void stopRedis() throws Exception {
        redis.close();
        vertx.close().toCompletionStage().toCompletableFuture().join();
        server.close();
    }

    @Override
    protected PresenceManager createPresenceManager() {
        clock = new MutableClock();
        return new RedisPresenceManager(redis, "t" + UUID.randomUUID().toString().substring(0, 8), clock,
                Duration.ofSeconds(5));
    }

    @Override
    protected boolean supportsTimeControl() {
        return true;
    }

    @Override
    protected void advanceTime(Duration duration) {
        clock.advance(duration);
    }
}
