package io.pulsegate.consumer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.jboss.logging.Logger;

import io.pulsegate.config.ConsumerConfig;
import io.pulsegate.transport.SampledLog;
import io.smallrye.mutiny.Uni;

/**
 * Consumes Kafka topics in a consumer group ({@code group}) with the plain Kafka client, on one dedicated daemon
 * thread (the client is not thread-safe and blocks in {@code poll}; no Vert.x event loop is ever blocked). Records of
 * a partition are applied one by one, in offset order ({@link BlockingProcessor}). Offsets are committed
 * ({@code commitSync}, auto-commit off) after each batch, only past records that were applied or deliberately skipped
 * (malformed; with {@code on-malformed=park} first produced to {@code <topic>.parked}). When the engine is
 * unavailable the partitions are sought back to the first record not applied and consumption pauses
 * {@code retry-backoff}, so nothing is skipped or reordered; on a rebalance what was applied is committed before the
 * partitions go.
 *
 * <p>
 * The method comes from the record header {@code method-field} when present, else the value is Centrifugo's
 * {@code {"method","payload"}} envelope. {@link #connected()} follows polls with records and a periodic
 * {@code endOffsets} probe (which also refreshes the lag: end offset minus position over the assigned partitions).
 * Defaults that differ from the client's: {@code auto.offset.reset=earliest}, {@code default.api.timeout.ms=5000};
 * {@code properties} override them, but not {@code url}, {@code group}, {@code batch-size} or auto-commit.
 */
final class KafkaRecordConsumer implements Consumer {

    private static final Logger LOG = Logger.getLogger(KafkaRecordConsumer.class);

    /** How often connectivity and lag are checked while no records arrive. */
    private static final long PROBE_INTERVAL_NANOS = Duration.ofSeconds(2).toNanos();

    private final Consumers.Context ctx;
    private final ConsumerConfig config;
    private final SampledLog log;
    private final KafkaParker parker;
    /** Applied offsets not committed yet; touched only by the consumer thread. */
    private final Map<TopicPartition, OffsetAndMetadata> pending = new HashMap<>();
    private volatile KafkaConsumer<byte[], byte[]> current;
    private final ConsumerThread life;
    private BlockingProcessor processor;
    private long nextProbeNanos;

    KafkaRecordConsumer(Consumers.Context ctx) {
        this.ctx = ctx;
        this.config = ctx.config();
        this.log = new SampledLog(LOG, 10_000);
        this.life = new ConsumerThread(ctx, log);
        this.parker = new KafkaParker(config);
        this.nextProbeNanos = System.nanoTime();
    }

    @Override
    public String name() {
        return ctx.name();
    }

    @Override
    public synchronized void start() {
        List<String> topics = config.topics().filter(t -> !t.isEmpty()).orElseThrow(
                () -> new IllegalStateException("consumer '" + ctx.name() + "': topics are required"));
        processor = new BlockingProcessor(ctx);
        life.start("kafka", () -> run(topics));
    }

    @Override
    public synchronized Uni<Void> stop() {
        Uni<Void> stopped = life.stop();
        KafkaConsumer<byte[], byte[]> consumer = current;
        if (consumer != null) {
            consumer.wakeup(); // out of a poll or commit
        }
        return stopped;
    }

    @Override
    public boolean connected() {
        return life.connected();
    }

    private void run(List<String> topics) {
        try {
            while (life.running()) {
                KafkaConsumer<byte[], byte[]> consumer;
                try {
                    consumer = new KafkaConsumer<>(consumerProperties(), new ByteArrayDeserializer(),
                            new ByteArrayDeserializer());
                } catch (KafkaException e) {
                    life.down("client_failed", "cannot create the client", e);
                    life.pause(config.retryBackoff());
                    continue;
                }
                current = consumer;
                try {
                    consume(consumer, topics);
                } catch (RuntimeException e) {
                    life.down("client_failed", "consumer failed", e); // subscribe refused the topics: retry later
                    life.pause(config.retryBackoff());
                } finally {
                    current = null;
                    close(consumer);
                    pending.clear(); // a next client starts from the committed offsets
                }
            }
        } finally {
            parker.close();
        }
    }

    private Map<String, Object> consumerProperties() {
        Map<String, Object> props = new HashMap<>();
        props.put(org.apache.kafka.clients.consumer.ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(org.apache.kafka.clients.consumer.ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000);
        props.putAll(config.properties());
        props.put(org.apache.kafka.clients.consumer.ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.url());
        props.put(org.apache.kafka.clients.consumer.ConsumerConfig.GROUP_ID_CONFIG, config.group());
        props.put(org.apache.kafka.clients.consumer.ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(org.apache.kafka.clients.consumer.ConsumerConfig.MAX_POLL_RECORDS_CONFIG, config.batchSize());
        return props;
    }

    private void consume(KafkaConsumer<byte[], byte[]> consumer, List<String> topics) {
        consumer.subscribe(topics, new Rebalance(consumer));
        while (life.running()) {
            try {
                round(consumer, topics);
            } catch (WakeupException e) {
                // stop(): the loop condition ends it
            } catch (RuntimeException e) {
                life.down("source_unreachable", "kafka call failed", e);
                life.pause(config.retryBackoff());
            }
        }
        finalCommit(consumer);
    }

    /** Commits what was applied before the client closes; a second try when the wakeup of stop() came late. */
    private void finalCommit(KafkaConsumer<byte[], byte[]> consumer) {
        for (int attempt = 0; attempt < 2 && !pending.isEmpty(); attempt++) {
            try {
                commitPending(consumer, pending.keySet());
            } catch (WakeupException e) {
                // used up now: the second attempt is not woken
            } catch (RuntimeException e) {
                log.info("commit_failed", "consumer " + ctx.name() + ": final commit failed, records will be "
                        + "redelivered: " + e.getMessage());
                return;
            }
        }
    }

    /** One poll: apply the batch in order, commit what was applied, probe; pause when the engine asked to retry. */
    private void round(KafkaConsumer<byte[], byte[]> consumer, List<String> topics) {
        ConsumerRecords<byte[], byte[]> records = consumer.poll(config.pollInterval());
        if (!records.isEmpty()) {
            life.up();
        }
        boolean retry = apply(consumer, records);
        commitPending(consumer, pending.keySet());
        probe(consumer, topics);
        if (retry) {
            life.pause(config.retryBackoff());
        }
    }

    /**
     * Applies the batch partition by partition, each in offset order.
     *
     * @return true when a record must be retried: that partition and the ones not started are sought back
     */
    private boolean apply(KafkaConsumer<byte[], byte[]> consumer, ConsumerRecords<byte[], byte[]> records) {
        List<TopicPartition> partitions = new ArrayList<>(records.partitions());
        for (int p = 0; p < partitions.size(); p++) {
            TopicPartition tp = partitions.get(p);
            for (ConsumerRecord<byte[], byte[]> record : records.records(tp)) {
                if (!life.running()) {
                    return false; // abandoned unacknowledged: the next owner gets them again
                }
                if (!applyOne(record)) {
                    consumer.seek(tp, record.offset());
                    for (TopicPartition later : partitions.subList(p + 1, partitions.size())) {
                        consumer.seek(later, records.records(later).get(0).offset());
                    }
                    return true;
                }
                pending.put(tp, new OffsetAndMetadata(record.offset() + 1));
            }
        }
        return false;
    }

    /** @return whether the record may be committed past (applied, or malformed and skipped or parked) */
    private boolean applyOne(ConsumerRecord<byte[], byte[]> record) {
        String method = method(record);
        byte[] body = record.value() == null ? new byte[0] : record.value();
        RecordProcessor.Result result = processor.apply(method, body);
        return switch (result.outcome()) {
            case APPLIED -> true;
            case RETRY -> {
                log.info("engine_unavailable", "consumer " + ctx.name() + ": engine unavailable, pausing topic="
                        + record.topic() + " partition=" + record.partition() + ": " + result.reason());
                yield false;
            }
            case MALFORMED -> {
                log.info("malformed", "consumer " + ctx.name() + ": malformed record topic=" + record.topic()
                        + " partition=" + record.partition() + " offset=" + record.offset() + ": "
                        + result.reason());
                yield park(record);
            }
        };
    }

    private boolean park(ConsumerRecord<byte[], byte[]> record) {
        if (config.onMalformed() != ConsumerConfig.MalformedPolicy.PARK) {
            return true;
        }
        try {
            parker.park(record);
            return true;
        } catch (KafkaException e) {
            log.info("park_failed", "consumer " + ctx.name() + ": cannot park record topic=" + record.topic()
                    + " offset=" + record.offset() + ", retrying: " + e.getMessage());
            return false;
        }
    }

    private String method(ConsumerRecord<byte[], byte[]> record) {
        Header header = record.headers().lastHeader(config.methodField());
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** Commits the applied offsets of {@code partitions}; they stay pending when the commit fails. */
    private void commitPending(KafkaConsumer<byte[], byte[]> consumer, Collection<TopicPartition> partitions) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition tp : partitions) {
            OffsetAndMetadata offset = pending.get(tp);
            if (offset != null) {
                offsets.put(tp, offset);
            }
        }
        if (offsets.isEmpty()) {
            return;
        }
        try {
            consumer.commitSync(offsets);
            offsets.forEach(pending::remove);
        } catch (CommitFailedException e) {
            // rebalanced meanwhile: the rebalance listener decides what becomes of these offsets
            log.info("commit_rebalanced", "consumer " + ctx.name() + ": commit failed after a rebalance: "
                    + e.getMessage());
        }
    }

    /** Every {@link #PROBE_INTERVAL_NANOS}: asks the end offsets (reachability) and refreshes the lag. */
    private void probe(KafkaConsumer<byte[], byte[]> consumer, List<String> topics) {
        long now = System.nanoTime();
        if (now - nextProbeNanos < 0) {
            return;
        }
        nextProbeNanos = now + PROBE_INTERVAL_NANOS;
        Set<TopicPartition> assigned = consumer.assignment();
        Collection<TopicPartition> asked = assigned;
        if (assigned.isEmpty()) {
            asked = new ArrayList<>();
            for (PartitionInfo info : consumer.partitionsFor(topics.get(0))) {
                asked.add(new TopicPartition(info.topic(), info.partition()));
            }
        }
        Map<TopicPartition, Long> ends = consumer.endOffsets(asked);
        long lag = 0;
        for (TopicPartition tp : assigned) {
            Long end = ends.get(tp);
            if (end != null) {
                lag += Math.max(0, end - consumer.position(tp));
            }
        }
        ctx.metrics().lag(lag);
        life.up();
    }

    private void close(KafkaConsumer<byte[], byte[]> consumer) {
        try {
            consumer.close(Duration.ofSeconds(5));
        } catch (KafkaException e) {
            LOG.debugf("consumer %s: close failed: %s", ctx.name(), e.getMessage());
        }
    }

    /** Commits what was applied before partitions go; forgets what cannot be committed any more. */
    private final class Rebalance implements ConsumerRebalanceListener {

        private final KafkaConsumer<byte[], byte[]> consumer;

        Rebalance(KafkaConsumer<byte[], byte[]> consumer) {
            this.consumer = consumer;
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            try {
                commitPending(consumer, partitions);
            } catch (WakeupException e) {
                throw e;
            } catch (KafkaException e) {
                log.info("commit_failed", "consumer " + ctx.name() + ": commit on revocation failed, records will "
                        + "be redelivered: " + e.getMessage());
            }
            partitions.forEach(pending::remove);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            partitions.forEach(pending::remove);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            LOG.debugf("consumer %s: assigned %s", ctx.name(), partitions);
        }
    }
}
