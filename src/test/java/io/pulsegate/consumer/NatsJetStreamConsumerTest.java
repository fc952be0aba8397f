package io.pulsegate.consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.LongStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.api.MessageInfo;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.impl.Headers;
import io.pulsegate.config.ConsumerConfig;
import io.pulsegate.support.TestConfig;
import io.vertx.core.Vertx;

/** The NATS JetStream consumer against a real {@code nats-server -js}, with a command sink the test controls. */
class NatsJetStreamConsumerTest {

    private static NatsServer nats;
    private static Vertx vertx;
    private static Connection client;
    private final List<Consumer> started = new ArrayList<>();
    private final List<RecordingSink.Applied> applied = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void startNats() throws Exception {
        nats = NatsServer.start();
        vertx = Vertx.vertx();
        client = Nats.connect(nats.url());
    }

    @AfterAll
    static void stopNats() throws Exception {
        client.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        nats.close();
    }

    @AfterEach
    void stopConsumers() {
        started.forEach(c -> c.stop().await().atMost(Duration.ofSeconds(15)));
    }

    /**
     * A stream {@code name} on subjects {@code name.>}. After a server restart the test client's reconnected
     * connection can stay unanswered by JetStream (seen for 20 s and more) although the server answers fresh
     * connections, so a timed-out request is sent again on a fresh connection, within a deadline.
     */
    private static void stream(String name) throws Exception {
        StreamConfiguration config = StreamConfiguration.builder().name(name).subjects(name + ".>")
                .storageType(StorageType.File).build();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            try {
                client.jetStreamManagement().addStream(config);
                return;
            } catch (java.io.IOException e) { // "Timeout or no response waiting for NATS JetStream server"
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                client.close();
                client = Nats.connect(nats.url());
            }
        }
    }

    private Consumer start(RecordingSink sink, String stream, String... extra) {
        List<String> pairs = new ArrayList<>(List.of("pulsegate.consumers.n.type", "nats",
                "pulsegate.consumers.n.enabled", "true", "pulsegate.consumers.n.url", nats.url(),
                "pulsegate.consumers.n.stream", stream, "pulsegate.consumers.n.poll-interval", "200ms",
                "pulsegate.consumers.n.retry-backoff", "100ms", "pulsegate.consumers.n.claim-idle", "1s"));
        pairs.addAll(List.of(extra));
        ConsumerConfig config = TestConfig.of(pairs.toArray(String[]::new)).consumers().get("n");
        Consumers.Context ctx = new Consumers.Context("n", config, new RecordProcessor(sink), new ConsumerMetrics(
                new SimpleMeterRegistry(), "n"), vertx);
        Consumer consumer = new NatsJetStreamConsumer(ctx);
        consumer.start();
        started.add(consumer);
        return consumer;
    }

    private static void publish(String subject, String channel, long seq) throws Exception {
        String envelope = "{\"method\":\"publish\",\"payload\":{\"channel\":\"" + channel + "\",\"data\":{\"seq\":"
                + seq
                + "}}}";
        client.jetStream().publish(subject, envelope.getBytes(StandardCharsets.UTF_8));
    }

    private static ConsumerInfo durable(String stream) throws Exception {
        return client.jetStreamManagement().getConsumerInfo(stream, "pulsegate");
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(20); // polling a condition with a deadline, not a synchronisation by sleep
        }
    }

    private static List<Long> range(long from, long to) {
        return LongStream.range(from, to).boxed().toList();
    }

    @Test
    void recordsAreAppliedInOrderAndAcknowledged() throws Exception {
        stream("n1");
        RecordingSink sink = new RecordingSink("a", applied);
        Consumer consumer = start(sink, "n1");
        for (int i = 0; i < 30; i++) {
            publish("n1.orders", "c", i);
        }
        await("30 commands", () -> sink.seqs().size() == 30);
        assertEquals(range(0, 30), sink.seqs());
        await("all acknowledged", () -> {
            try {
                ConsumerInfo info = durable("n1");
                return info.getNumAckPending() == 0 && info.getAckFloor().getStreamSequence() == 30;
            } catch (Exception e) {
                return false;
            }
        });
        assertTrue(consumer.connected());
    }

    @Test
    void theMethodMayComeFromAHeaderAndTheFilterSelectsSubjects() throws Exception {
        stream("n2");
        RecordingSink sink = new RecordingSink("a", applied);
        start(sink, "n2", "pulsegate.consumers.n.topics", "n2.wanted");
        Headers headers = new Headers().put("method", "publish");
        client.jetStream().publish("n2.other", headers, "{\"channel\":\"c\",\"data\":{\"seq\":1}}".getBytes(
                StandardCharsets.UTF_8));
        client.jetStream().publish("n2.wanted", headers, "{\"channel\":\"c\",\"data\":{\"seq\":2}}".getBytes(
                StandardCharsets.UTF_8));
        await("the wanted record", () -> sink.seqs().size() == 1);
        assertEquals(List.of(2L), sink.seqs());
    }

    @Test
    void anUnavailableEngineHoldsTheRestAndRetriesInOrder() throws Exception {
        stream("n3");
        RecordingSink sink = new RecordingSink("a", applied);
        sink.unavailableAt = call -> call >= 4 && call <= 8;
        start(sink, "n3");
        for (int i = 0; i < 10; i++) {
            publish("n3.x", "c", i);
        }
        await("10 commands after the outage", () -> sink.seqs().size() == 10);
        assertEquals(range(0, 10), sink.seqs());
    }

    @Test
    void malformedRecordsAreParkedWithTheirOriginAndTheStreamGoesOn() throws Exception {
        stream("n4");
        RecordingSink sink = new RecordingSink("a", applied);
        start(sink, "n4", "pulsegate.consumers.n.on-malformed", "park");
        publish("n4.x", "c", 1);
        client.jetStream().publish("n4.x", "{not json".getBytes(StandardCharsets.UTF_8));
        client.jetStream().publish("n4.x", "{\"method\":\"presence\",\"payload\":{}}".getBytes(
                StandardCharsets.UTF_8)); // the sink refuses everything but publish
        publish("n4.x", "c", 2);
        await("the good ones", () -> sink.seqs().size() == 2);
        assertEquals(List.of(1L, 2L), sink.seqs());
        JetStreamManagement jsm = client.jetStreamManagement();
        await("two parked", () -> {
            try {
                return jsm.getStreamInfo("n4_parked").getStreamState().getMsgCount() == 2;
            } catch (Exception e) {
                return false;
            }
        });
        MessageInfo first = jsm.getMessage("n4_parked", 1);
        assertEquals("{not json", new String(first.getData(), StandardCharsets.UTF_8));
        assertEquals("2", first.getHeaders().getFirst("Pulsegate-Origin-Sequence"));
        assertEquals("n4.x", first.getHeaders().getFirst("Pulsegate-Origin-Subject"));
    }

    @Test
    void oneNodeReadsAtATimeAndATakeoverResumesAtTheAckFloorInOrder() throws Exception {
        stream("n5");
        RecordingSink a = new RecordingSink("a", applied);
        RecordingSink b = new RecordingSink("b", applied);
        a.holdChannel = "stuck";
        a.gate = new CompletableFuture<>();
        start(a, "n5");
        await("a holds the lease", () -> {
            try {
                durable("n5");
                return true;
            } catch (Exception e) {
                return false;
            }
        });
        start(b, "n5"); // a second node: stands by while a holds the lease
        for (int i = 0; i < 5; i++) {
            publish("n5.x", "c", i);
        }
        publish("n5.x", "stuck", 5); // a stops renewing its lease here, as a node that hangs or dies would
        for (int i = 6; i < 10; i++) {
            publish("n5.x", "c", i);
        }
        await("b took over", () -> b.seqs().size() == 5);
        a.gate.complete(null);
        assertEquals(range(0, 5), a.seqs());
        assertEquals(range(5, 10), b.seqs(), "the records a left unacknowledged, first and in order, once");
        publish("n5.x", "c", 10);
        await("b goes on", () -> b.seqs().size() == 6);
        assertEquals(range(0, 5), a.seqs(), "a stands by now");
    }

    @Test
    void aRestartedServerIsReconnectedAndNothingIsLost() throws Exception {
        stream("n6");
        RecordingSink sink = new RecordingSink("a", applied);
        Consumer consumer = start(sink, "n6");
        publish("n6.x", "c", 1);
        await("before", () -> sink.seqs().size() == 1);
        nats.kill();
        await("disconnected", () -> !consumer.connected());
        nats.launch();
        await("the test client reconnected", () -> client.getStatus() == Connection.Status.CONNECTED);
        publish("n6.x", "c", 2);
        await("after the restart", () -> sink.seqs().contains(2L));
        // a crashed server may not have persisted the last acknowledgement: at least once, never out of order
        assertEquals(List.of(1L, 2L), sink.seqs().stream().distinct().toList());
        assertTrue(consumer.connected());
    }

    @Test
    void aMissingStreamIsPickedUpOnceCreated() throws Exception {
        RecordingSink sink = new RecordingSink("a", applied);
        Consumer consumer = start(sink, "n7");
        stream("n7");
        publish("n7.x", "c", 1);
        await("consumed once the stream exists", () -> sink.seqs().size() == 1);
        assertTrue(consumer.connected());
    }
}
