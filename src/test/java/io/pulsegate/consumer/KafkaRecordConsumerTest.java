package io.pulsegate.consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntPredicate;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pulsegate.api.ApiRequest;
import io.pulsegate.config.ConsumerConfig;
import io.pulsegate.support.TestConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;

/**
 * {@link KafkaRecordConsumer} against a real KRaft broker ({@link KafkaBroker}): order, commits, malformed records
 * (skipped, parked), pause and retry while the engine is unavailable, a new instance of the group continuing after
 * the last committed record, and a broker crash mid-stream.
 */
class KafkaRecordConsumerTest {

    private static final Duration DEADLINE = Duration.ofSeconds(30);

    private static KafkaBroker broker;
    private static Vertx vertx;
    private static Admin admin;
    private static KafkaProducer<String, String> producer;

    private final List<Consumer> started = new ArrayList<>();
    private final Map<Consumer, ConsumerMetrics> metrics = new HashMap<>();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @BeforeAll
    static void startBroker() throws Exception {
        broker = KafkaBroker.start();
        vertx = Vertx.vertx();
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap()));
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap(),
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000), new StringSerializer(), new StringSerializer());
    }

    @AfterAll
    static void stopBroker() throws Exception {
        producer.close(Duration.ofSeconds(2));
        admin.close(Duration.ofSeconds(2));
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        broker.close();
    }

    @AfterEach
    void stopConsumers() {
        started.forEach(c -> c.stop().await().atMost(Duration.ofSeconds(15)));
    }

    @Test
    void appliesInOrderPerPartitionAndCommitsEverything() throws Exception {
        String topic = topic("order", 2);
        for (int i = 0; i < 30; i++) {
            produce(topic, i % 2 == 0 ? "even" : "odd", i, i % 3 == 0);
        }
        FakeSink sink = new FakeSink(n -> false);
        KafkaRecordConsumer consumer = consumer("order", topic, "g-order", sink, "skip");

        await("30 applied", () -> sink.applied.size() == 30);
        List<Integer> even = sink.numbers().stream().filter(n -> n % 2 == 0).toList();
        List<Integer> odd = sink.numbers().stream().filter(n -> n % 2 == 1).toList();
        assertEquals(range(0, 30).stream().filter(n -> n % 2 == 0).toList(), even);
        assertEquals(range(0, 30).stream().filter(n -> n % 2 == 1).toList(), odd);
        awaitCommitted("g-order", topic, 2, 30);
        assertTrue(consumer.connected());
        await("lag 0", () -> registry.get("pulsegate_consumer_lag").gauge().value() == 0);
        assertEquals(30, count(consumer, RecordProcessor.Outcome.APPLIED));
    }

    @Test
    void skipsMalformedRecords() throws Exception {
        String topic = topic("skip", 1);
        produce(topic, null, 0, false);
        producer.send(new ProducerRecord<>(topic, "not a command")).get();
        produce(topic, null, 1, false);
        FakeSink sink = new FakeSink(n -> false);
        KafkaRecordConsumer consumer = consumer("skip", topic, "g-skip", sink, "skip");

        await("2 applied", () -> sink.applied.size() == 2);
        assertEquals(List.of(0, 1), sink.numbers());
        awaitCommitted("g-skip", topic, 1, 3);
        assertEquals(1, count(consumer, RecordProcessor.Outcome.MALFORMED));
    }

    @Test
    void parksMalformedRecordsBeforeCommittingPastThem() throws Exception {
        String topic = topic("park", 1);
        produce(topic, null, 0, false);
        producer.send(new ProducerRecord<>(topic, "bad-key", "{\"method\":\"publish\"}")).get();
        produce(topic, null, 1, false);
        FakeSink sink = new FakeSink(n -> false);
        KafkaRecordConsumer consumer = consumer("park", topic, "g-park", sink, "park");

        await("2 applied", () -> sink.applied.size() == 2);
        awaitCommitted("g-park", topic, 1, 3);
        assertEquals(1, count(consumer, RecordProcessor.Outcome.MALFORMED));
        List<ConsumerRecord<byte[], byte[]>> parked = readAll(topic + ".parked", 1);
        assertEquals("{\"method\":\"publish\"}", new String(parked.get(0).value(), StandardCharsets.UTF_8));
        assertEquals("bad-key", new String(parked.get(0).key(), StandardCharsets.UTF_8));
        assertEquals("1", header(parked.get(0), "origin-offset"));
        assertEquals(topic, header(parked.get(0), "origin-topic"));
    }

    @Test
    void pausesWhileTheEngineIsUnavailableAndResumesInOrder() throws Exception {
        String topic = topic("retry", 1);
        FakeSink sink = new FakeSink(n -> n < 3);
        KafkaRecordConsumer consumer = consumer("retry", topic, "g-retry", sink, "skip");
        for (int i = 0; i < 5; i++) {
            produce(topic, null, i, i % 2 == 0);
        }

        await("5 applied", () -> sink.applied.size() == 5);
        assertEquals(range(0, 5), sink.numbers());
        assertEquals(3, count(consumer, RecordProcessor.Outcome.RETRY));
        awaitCommitted("g-retry", topic, 1, 5);
    }

    @Test
    void aNewInstanceContinuesAfterTheLastCommittedRecord() throws Exception {
        String topic = topic("restart", 1);
        for (int i = 0; i < 5; i++) {
            produce(topic, null, i, false);
        }
        // the engine goes away after three commands: record 3 is delivered but never acknowledged
        FakeSink first = new FakeSink(n -> n >= 3);
        KafkaRecordConsumer a = consumer("a", topic, "g-restart", first, "skip");
        await("3 applied, then retrying",
                () -> first.applied.size() == 3 && count(a, RecordProcessor.Outcome.RETRY) >= 1);
        a.stop().await().atMost(Duration.ofSeconds(15));
        awaitCommitted("g-restart", topic, 1, 3);

        FakeSink second = new FakeSink(n -> false);
        consumer("b", topic, "g-restart", second, "skip");
        produce(topic, null, 5, false);
        await("3 more applied", () -> second.applied.size() == 3);
        assertEquals(List.of(3, 4, 5), second.numbers());
        assertEquals(List.of(0, 1, 2), first.numbers());
        awaitCommitted("g-restart", topic, 1, 6);
    }

    @Test
    void reconnectsAfterABrokerCrashWithoutLosingRecords() throws Exception {
        String topic = topic("crash", 1);
        FakeSink sink = new FakeSink(n -> false);
        KafkaRecordConsumer consumer = consumer("crash", topic, "g-crash", sink, "skip");
        for (int i = 0; i < 5; i++) {
            produce(topic, null, i, false);
        }
        await("5 applied", () -> sink.applied.size() == 5);
        awaitCommitted("g-crash", topic, 1, 5);
        assertTrue(consumer.connected());

        broker.kill();
        await("disconnected", () -> !consumer.connected());
        broker.launch();
        for (int i = 5; i < 10; i++) {
            produce(topic, null, i, i % 2 == 0);
        }
        await("10 applied", () -> sink.applied.size() >= 10);
        await("connected", consumer::connected);
        assertEquals(range(0, 10), sink.numbers());
        awaitCommitted("g-crash", topic, 1, 10);
    }

    // ---- helpers ---------------------------------------------------------------------------------------------

    private KafkaRecordConsumer consumer(String name, String topic, String group, FakeSink sink, String onMalformed) {
        ConsumerConfig config = TestConfig.of(
                "pulsegate.consumers.k.type", "kafka",
                "pulsegate.consumers.k.enabled", "true",
                "pulsegate.consumers.k.url", broker.bootstrap(),
                "pulsegate.consumers.k.topics", topic,
                "pulsegate.consumers.k.group", group,
                "pulsegate.consumers.k.poll-interval", "200ms",
                "pulsegate.consumers.k.retry-backoff", "100ms",
                "pulsegate.consumers.k.on-malformed", onMalformed,
                "pulsegate.consumers.k.properties.\"default.api.timeout.ms\"", "2000").consumers().get("k");
        ConsumerMetrics meters = new ConsumerMetrics(registry, name);
        KafkaRecordConsumer consumer = new KafkaRecordConsumer(new Consumers.Context(name, config,
                new RecordProcessor(sink), meters, vertx));
        metrics.put(consumer, meters);
        consumer.start();
        started.add(consumer);
        return consumer;
    }

    private static String topic(String prefix, int partitions) throws Exception {
        String topic = prefix + "-" + System.nanoTime();
        admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get(10, TimeUnit.SECONDS);
        return topic;
    }

    /** Publishes {@code c<n>}: with the method in a header, or as a {@code {"method","payload"}} envelope. */
    private static void produce(String topic, String key, int n, boolean header) throws Exception {
        String payload = "{\"channel\":\"c" + n + "\",\"data\":{\"n\":" + n + "}}";
        ProducerRecord<String, String> record = header
                ? new ProducerRecord<>(topic, key, payload)
                : new ProducerRecord<>(topic, key, "{\"method\":\"publish\",\"payload\":" + payload + "}");
        if (header) {
            record.headers().add("method", "publish".getBytes(StandardCharsets.UTF_8));
        }
        producer.send(record).get(15, TimeUnit.SECONDS);
    }

    private static void awaitCommitted(String group, String topic, int partitions, long total) {
        await(group + " committed " + total, () -> {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(5, TimeUnit.SECONDS);
            long sum = 0;
            for (int p = 0; p < partitions; p++) {
                OffsetAndMetadata o = offsets.get(new TopicPartition(topic, p));
                sum += o == null ? 0 : o.offset();
            }
            return sum == total;
        });
    }

    private static List<ConsumerRecord<byte[], byte[]>> readAll(String topic, int expected) {
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> reader = new KafkaConsumer<>(Map.of(
                org.apache.kafka.clients.consumer.ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap()),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition tp = new TopicPartition(topic, 0);
            reader.assign(List.of(tp));
            reader.seekToBeginning(List.of(tp));
            await(expected + " records in " + topic, () -> {
                reader.poll(Duration.ofMillis(200)).forEach(out::add);
                return out.size() >= expected;
            });
        }
        return out;
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    private double count(KafkaRecordConsumer consumer, RecordProcessor.Outcome outcome) {
        return metrics.get(consumer).count(outcome);
    }

    private static List<Integer> range(int from, int to) {
        List<Integer> out = new ArrayList<>();
        for (int i = from; i < to; i++) {
            out.add(i);
        }
        return out;
    }

    /** A condition to poll; an exception counts as not yet. */
    interface Condition {
        boolean holds() throws Exception;
    }

    /** Polls {@code condition} until it holds or {@link #DEADLINE} passes. */
    private static void await(String what, Condition condition) {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            try {
                if (condition.holds()) {
                    return;
                }
            } catch (Exception e) {
                last = e;
            }
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
        throw new AssertionError("timed out waiting for: " + what, last);
    }

    /** Records applied commands; answers {@link CommandSink.Unavailable} to the calls {@code unavailable} selects. */
    static final class FakeSink implements CommandSink {
        final List<ApiRequest> applied = new CopyOnWriteArrayList<>();
        private final AtomicInteger calls = new AtomicInteger();
        private final IntPredicate unavailable;

        FakeSink(IntPredicate unavailable) {
            this.unavailable = unavailable;
        }

        @Override
        public Uni<Void> apply(ApiRequest request) {
            if (unavailable.test(calls.getAndIncrement())) {
                return Uni.createFrom().failure(new CommandSink.Unavailable("engine down"));
            }
            applied.add(request);
            return Uni.createFrom().voidItem();
        }

        List<Integer> numbers() {
            return applied.stream().map(r -> Integer.parseInt(((ApiRequest.Publish) r).channel().substring(1)))
                    .toList();
        }
    }
}
