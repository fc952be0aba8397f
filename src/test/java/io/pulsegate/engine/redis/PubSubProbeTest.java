package io.pulsegate.engine.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.vertx.core.Vertx;
import io.vertx.redis.client.RedisOptions;

/**
 * A subscription that answers but delivers nothing (its pub/sub connection reaches another Redis than the one the
 * node publishes to) is detected by the probe and restarted; a healthy one is left alone.
 */
class PubSubProbeTest {

    private static boolean eventually(java.util.function.BooleanSupplier check) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!check.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        return check.getAsBoolean();
    }

    @Test
    void deafSubscriptionIsRestartedHealthyOneIsNot() throws Exception {
        Vertx vertx = Vertx.vertx();
        try (RedisServer commands = RedisServer.start(); RedisServer elsewhere = RedisServer.start()) {
            RedisOptions publishTo = new RedisOptions().setConnectionString(commands.url());
            RedisBroker deaf = new RedisBroker(vertx, publishTo,
                    new RedisOptions().setConnectionString(elsewhere.url()), "probe", Duration.ofMillis(50),
                    Duration.ofMillis(200), Duration.ofSeconds(2), false);
            RedisBroker healthy = new RedisBroker(vertx, publishTo, "probe", Duration.ofMillis(50),
                    Duration.ofMillis(200), Duration.ofSeconds(2));
            try {
                deaf.start();
                healthy.start();
                assertTrue(eventually(() -> deaf.connected() && healthy.connected()), "both connected");
                deaf.startProbe(Duration.ofMillis(150));
                healthy.startProbe(Duration.ofMillis(500));
                assertTrue(eventually(() -> deaf.probeResets() >= 2), "deaf subscription restarted repeatedly");
                assertTrue(eventually(() -> healthy.probesDelivered() >= 3), "healthy probes come back");
                assertEquals(0, healthy.probeResets(), "a delivering subscription is left alone");
            } finally {
                deaf.close();
                healthy.close();
            }
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().join();
        }
    }
}
