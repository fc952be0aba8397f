package io.pulsegate.consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pulsegate.api.ApiRequest;
import io.pulsegate.config.ConsumerConfig;
import io.pulsegate.engine.redis.RedisServer;
import io.pulsegate.support.TestConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;

/** The Redis streams consumer against a real redis-server, with a command sink the test controls. */
class RedisStreamConsumerTest {

    private static RedisServer redis;
    private static Vertx vertx;
    private final List<Consumer> started = new ArrayList<>();
    private final RecordingSink sink = new RecordingSink();

    @BeforeAll
    static void startRedis() throws Exception {
        redis = RedisServer.start();
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stopRedis() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        redis.close();
    }

    @AfterEach
    void stopConsumers() {
        started.forEach(c -> c.stop().await().atMost(Duration.ofSeconds(10)));
    }

    /** Applies publishes; answers "engine unavailable" while {@code unavailable} is positive. */
    private static final class RecordingSink implements CommandSink {
        final List<String> channels = new CopyOnWriteArrayList<>();
        final AtomicInteger unavailable = new AtomicInteger();

        @Override
        public Uni<Void> apply(ApiRequest request) {
            if (unavailable.getAndDecrement() > 0) {
                return Uni.createFrom().failure(new CommandSink.Unavailable("engine down"));
            }
            unavailable.set(0);
            if (request instanceof ApiRequest.Publish p && p.channel().startsWith("bad:")) {
                return Uni.createFrom().failure(new CommandSink.Rejected("error 102 unknown channel"));
            }
            channels.add(((ApiRequest.Publish) request).channel());
            return Uni.createFrom().voidItem();
        }
    }

    private Consumer start(String stream, String... extra) {
        List<String> pairs = new ArrayList<>(List.of("pulsegate.consumers.s.type", "redis-stream",
                "pulsegate.consumers.s.enabled", "true", "pulsegate.consumers.s.url", redis.url(),
                "pulsegate.consumers.s.topics", stream, "pulsegate.consumers.s.poll-interval", "200ms",
                "pulsegate.consumers.s.retry-backoff", "100ms", "pulsegate.consumers.s.claim-idle", "500ms"));
        pairs.addAll(List.of(extra));
        ConsumerConfig config = TestConfig.of(pairs.toArray(String[]::new)).consumers().get("s");
        Consumers.Context ctx = new Consumers.Context("s", config, new RecordProcessor(sink), new ConsumerMetrics(
                new SimpleMeterRegistry(), "s"), vertx);
        Consumer consumer = new RedisStreamConsumer(ctx);
        consumer.start();
        started.add(consumer);
        return consumer;
    }

    private String cli(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("redis-cli", "-p", Integer.toString(redis.port())));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertTrue(p.waitFor(10, TimeUnit.SECONDS));
        return out;
    }

    private void add(String stream, String channel) throws Exception {
        cli("XADD", stream, "*", "method", "publish", "payload", "{\"channel\":\"" + channel + "\",\"data\":{}}");
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(20); // polling a condition with a deadline, not a synchronisation by sleep
        }
    }

    private String pending(String stream) throws Exception {
        return cli("XPENDING", stream, "pulsegate").split("\n")[0];
    }

    @Test
    void entriesAreAppliedInOrderAndAcknowledged() throws Exception {
        Consumer consumer = start("s1");
        for (int i = 0; i < 20; i++) {
            add("s1", "c:" + i);
        }
        await("20 commands", () -> sink.channels.size() == 20);
        assertEquals(java.util.stream.IntStream.range(0, 20).mapToObj(i -> "c:" + i).toList(), sink.channels);
        await("all acknowledged", () -> {
            try {
                return pending("s1").equals("0");
            } catch (Exception e) {
                return false;
            }
        });
        assertTrue(consumer.connected());
    }

    @Test
    void malformedRecordsAreSkippedOrParkedAndTheStreamGoesOn() throws Exception {
        start("s2", "pulsegate.consumers.s.on-malformed", "park");
        add("s2", "c:1");
        cli("XADD", "s2", "*", "payload", "{not json");
        add("s2", "bad:1");
        add("s2", "c:2");
        await("the good ones", () -> sink.channels.size() == 2);
        assertEquals(List.of("c:1", "c:2"), sink.channels);
        await("two parked", () -> {
            try {
                return cli("XLEN", "s2:parked").equals("2");
            } catch (Exception e) {
                return false;
            }
        });
        assertTrue(cli("XRANGE", "s2:parked", "-", "+").contains("{not json"));
    }

    @Test
    void anUnavailableEnginePausesWithoutLosingOrReordering() throws Exception {
        sink.unavailable.set(5);
        start("s3");
        for (int i = 0; i < 5; i++) {
            add("s3", "c:" + i);
        }
        await("5 commands after the outage", () -> sink.channels.size() == 5);
        assertEquals(List.of("c:0", "c:1", "c:2", "c:3", "c:4"), sink.channels);
    }

    @Test
    void aDeadConsumersPendingEntriesAreClaimedByAnother() throws Exception {
        cli("XGROUP", "CREATE", "s4", "pulsegate", "0", "MKSTREAM");
        add("s4", "c:taken");
        // a consumer that read the entry and died before acknowledging it
        cli("XREADGROUP", "GROUP", "pulsegate", "dead", "COUNT", "1", "STREAMS", "s4", ">");
        add("s4", "c:next");
        start("s4");
        await("both, the claimed one too", () -> sink.channels.containsAll(List.of("c:taken", "c:next")));
        await("nothing pending", () -> {
            try {
                return pending("s4").equals("0");
            } catch (Exception e) {
                return false;
            }
        });
    }

    @Test
    void oneConsumerAtATimeReadsAStreamAndAStandbyTakesOverInOrder() throws Exception {
        Consumer first = start("s6");
        start("s6"); // a second node: stands by while the first holds the lease
        for (int i = 0; i < 10; i++) {
            add("s6", "c:" + i);
        }
        await("the first batch", () -> sink.channels.size() == 10);
        first.stop().await().atMost(Duration.ofSeconds(5));
        for (int i = 10; i < 20; i++) {
            add("s6", "c:" + i);
        }
        await("the rest, after the lease expired", () -> sink.channels.size() == 20);
        assertEquals(java.util.stream.IntStream.range(0, 20).mapToObj(i -> "c:" + i).toList(), sink.channels);
    }

    @Test
    void aRestartedRedisIsReconnected() throws Exception {
        Consumer consumer = start("s5");
        add("s5", "c:before");
        await("before", () -> sink.channels.contains("c:before"));
        redis.kill();
        await("disconnected", () -> !consumer.connected());
        redis.launch();
        add("s5", "c:after");
        await("after the restart", () -> sink.channels.contains("c:after"));
        assertTrue(consumer.connected());
        assertFalse(sink.channels.indexOf("c:after") < sink.channels.indexOf("c:before"));
    }
}
