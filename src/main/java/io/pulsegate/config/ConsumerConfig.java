package io.pulsegate.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.smallrye.config.WithDefault;

/**
 * One named event-stream source, under {@code pulsegate.consumers.<name>}: records of a Kafka topic, a NATS JetStream
 * stream, a PostgreSQL outbox table or a Redis stream become server API commands (Centrifugo's async consumer format:
 * {@code {"method":"publish","payload":{…}}}, or the method in a header/field and the payload alone). Off unless
 * {@code enabled}. See {@code docs/consumers.md}.
 */
public interface ConsumerConfig {

    /** The kinds of source. */
    enum Type {
        /** A Kafka consumer group on {@code topics}. */
        KAFKA,
        /** A durable NATS JetStream consumer. */
        NATS,
        /**
         * A transactional outbox table, each partition read in id order by one node at a time (an advisory lock per
         * partition, then {@code FOR UPDATE SKIP LOCKED}).
         */
        POSTGRESQL,
        /** A Redis stream read through a consumer group. */
        REDIS_STREAM
    }

    /** What to do with a record that is not a valid command. */
    enum MalformedPolicy {
        /** Count it, log it once, acknowledge it. */
        SKIP,
        /** Count it, log it once, move it aside (a source-specific dead-letter place), acknowledge it. */
        PARK
    }

    /** Source kind: {@code kafka}, {@code nats}, {@code postgresql} or {@code redis-stream}. */
    Type type();

    /** Consume only when true. */
    @WithDefault("false")
    boolean enabled();

    /**
     * Where the source is: Kafka bootstrap servers ({@code host:port,…}), {@code nats://host:port},
     * {@code postgresql://user@host:port/db}, {@code redis://host:port/db}.
     */
    String url();

    /**
     * Kafka topics, Redis stream keys; NATS: filter subjects of the durable consumer (none: the whole stream; more
     * than one needs NATS 2.10). The PostgreSQL outbox uses {@link #table()}.
     */
    Optional<List<String>> topics();

    /** Consumer group (Kafka, Redis), durable consumer name (NATS); default {@code pulsegate}. */
    @WithDefault("pulsegate")
    String group();

    /** NATS JetStream stream name (required for {@code nats}); the application creates the stream. */
    Optional<String> stream();

    /**
     * PostgreSQL outbox table ({@code id bigserial, method text, payload jsonb, partition int}), an unquoted identifier
     * optionally schema-qualified; with {@code on-malformed=park} malformed rows go to {@code <table>_parked}.
     */
    @WithDefault("pulsegate_outbox")
    String table();

    /** PostgreSQL outbox: partitions polled in parallel, each in id order. */
    @WithDefault("1")
    int partitions();

    /**
     * PostgreSQL outbox: {@code LISTEN} channel that wakes a partition (the payload is its number, an empty payload
     * wakes all); unset: polling only.
     */
    Optional<String> notifyChannel();

    /** Record field or header naming the API method; records without it carry {@code {"method","payload"}}. */
    @WithDefault("method")
    String methodField();

    /** Record field holding the payload (Redis streams). */
    @WithDefault("payload")
    String payloadField();

    /** Records fetched and applied per round, in order; bounds what is in flight. */
    @WithDefault("100")
    int batchSize();

    /** How long a read waits for new records (Redis {@code BLOCK}, outbox poll interval, Kafka poll). */
    @WithDefault("1s")
    Duration pollInterval();

    /** While the engine is unavailable consumption pauses (nothing is acknowledged) and retries after this. */
    @WithDefault("1s")
    Duration retryBackoff();

    /**
     * Lease time of the node reading a Redis stream or NATS durable consumer: a dead holder delays the takeover this
     * long; Redis: entries it left pending are then claimed; NATS: also the consumer's ack wait. For NATS at least
     * three times {@code poll-interval} and {@code retry-backoff}.
     */
    @WithDefault("30s")
    Duration claimIdle();

    /** Malformed records: skip or park. */
    @WithDefault("skip")
    MalformedPolicy onMalformed();

    /**
     * Client properties passed to the source's client as they are, for what has no option here: Kafka
     * {@code security.protocol}, {@code sasl.*}, {@code ssl.*}, timeouts
     * ({@code pulsegate.consumers.orders.properties."sasl.mechanism"=PLAIN}). Options of this interface win over them.
     */
    Map<String, String> properties();

    /** Readiness goes down while this consumer cannot reach its source. */
    @WithDefault("true")
    boolean affectsReadiness();
}
