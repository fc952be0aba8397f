package io.pulsegate.consumer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import io.pulsegate.config.ConsumerConfig;

/**
 * Moves malformed Kafka records aside ({@code on-malformed=park}): each goes to {@code <topic>.parked} with its key,
 * value and headers, plus {@code origin-topic}, {@code origin-partition} and {@code origin-offset} headers. The
 * producer is created on the first parked record and used only from the consumer's thread.
 */
final class KafkaParker implements AutoCloseable {

    /** Bounds one park: metadata, the send and its acknowledgement. */
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(15);

    private final ConsumerConfig config;
    private KafkaProducer<byte[], byte[]> producer;

    KafkaParker(ConsumerConfig config) {
        this.config = config;
    }

    /**
     * Writes {@code record} to its parked topic and waits for the broker's acknowledgement.
     *
     * @throws KafkaException when it was not stored (the caller must not commit past the record)
     */
    void park(ConsumerRecord<byte[], byte[]> record) {
        RecordHeaders headers = new RecordHeaders(record.headers().toArray());
        headers.add("origin-topic", record.topic().getBytes(StandardCharsets.UTF_8));
        headers.add("origin-partition", Integer.toString(record.partition()).getBytes(StandardCharsets.UTF_8));
        headers.add("origin-offset", Long.toString(record.offset()).getBytes(StandardCharsets.UTF_8));
        ProducerRecord<byte[], byte[]> parked = new ProducerRecord<>(record.topic() + ".parked", null, record.key(),
                record.value(), headers);
        try {
            producer().send(parked).get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("interrupted while parking", e);
        } catch (ExecutionException e) {
            throw new KafkaException("park failed: " + e.getCause().getMessage(), e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new KafkaException("park timed out", e);
        }
    }

    private KafkaProducer<byte[], byte[]> producer() {
        if (producer == null) {
            Map<String, Object> props = new HashMap<>();
            props.put(ProducerConfig.ACKS_CONFIG, "all");
            props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
            props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000);
            props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
            props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 10_000);
            // one record at a time from one thread: nothing to deduplicate, and no IDEMPOTENT_WRITE ACL needed
            props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false);
            props.putAll(config.properties());
            props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.url());
            producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
        }
        return producer;
    }

    @Override
    public void close() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
            producer = null;
        }
    }
}
