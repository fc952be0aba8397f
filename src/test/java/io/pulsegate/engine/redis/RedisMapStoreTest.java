package io.pulsegate.engine.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.pulsegate.engine.RecordingHandler.Kind;
import io.pulsegate.engine.map.MapStoreContractTest;
import io.pulsegate.protocol.Publication;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;

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

    @Test
    void changesMissedDuringAPubSubOutageAreReplayedWithTheirKeys() throws Exception {
        String ch = channel("outage");
        await(broker.subscribe(ch));
        set(ch, "a", "0");
        assertEquals("a", handler.next(Kind.PUBLICATION, ch, TIMEOUT).publication().key());
        redis.send(Request.cmd(Command.CLIENT).arg("KILL").arg("TYPE").arg("pubsub")).toCompletionStage()
                .toCompletableFuture().get(5, TimeUnit.SECONDS);
        for (int i = 1; i <= 5; i++) { // mostly before the pub/sub connection is back (reconnect takes >= 50 ms)
            if (i == 3) {
                remove(ch, "a");
            } else {
                set(ch, "k" + i, "v" + i);
            }
        }
        for (int offset = 2; offset <= 6; offset++) {
            Publication p = handler.next(Kind.PUBLICATION, ch, TIMEOUT).publication();
            assertEquals(offset, p.offset(), "in order, none lost");
            assertEquals(offset == 4 ? "a" : "k" + (offset - 1), p.key());
            assertEquals(offset == 4, p.removed());
        }
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
