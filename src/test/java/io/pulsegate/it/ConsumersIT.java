package io.pulsegate.it;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.pulsegate.consumer.KafkaBroker;
import io.pulsegate.consumer.NatsServer;
import io.pulsegate.consumer.PostgresServer;
import io.pulsegate.engine.redis.RedisServer;

/**
 * Event-stream sources end to end, one test per source kind (a Redis stream, a PostgreSQL outbox table, a Kafka
 * topic, a NATS JetStream stream), each a server of its own on free ports: the packaged gateway (Redis engine, so history outlives a gateway
 * crash) consumes it as consumer {@code events}, and the centrifuge-js subscribers of
 * {@code src/it/js/consumers/delivery.test.mjs} check order, poison records (counted and parked), a kill -9 of the
 * gateway mid-stream (at least once; exactly once with idempotency keys) and a restart of the source. The suite starts,
 * kills and restarts the gateway itself from the command it gets here, and drives the source through
 * {@code sources.mjs}: redis-cli, psql, kafkajs and nats.js produce; it restarts Redis and PostgreSQL (pg_ctl) with
 * the commands it gets here and runs the Kafka broker and the NATS server itself, from the command lines prepared
 * here.
 */
class ConsumersIT {

    /**
     * The whole suite (node applies its test timeout to the file too): it starts the gateway three times (≈ 5 s each
     * here) and restarts the source, ≈ 25 s for Redis and PostgreSQL on an idle machine; a loaded 2-core CI run has
     * taken 60 s, so the bound is twice that.
     */
    private static final Duration SUITE_TIMEOUT = Duration.ofSeconds(120);
    /**
     * Kafka also starts the broker twice (≈ 6 s each: it re-registers once the session of the killed one expired),
     * and after each gateway crash the partition comes back only when the dead member's session expired (6 s).
     */
    private static final Duration KAFKA_SUITE_TIMEOUT = Duration.ofSeconds(150);

    private static RedisServer engine;

    @BeforeAll
    static void startEngine() throws Exception {
        engine = RedisServer.start();
    }

    @AfterAll
    static void stopEngine() throws Exception {
        if (engine != null) {
            engine.close();
        }
    }

    @Test
    void redisStream() throws Exception {
        try (RedisServer source = RedisServer.start()) {
            run("redis-stream", Map.of(
                    "url", source.url(),
                    "topics", "events",
                    "claim-idle", "1s"),
                    Map.of(
                            "SOURCE_PORT", Integer.toString(source.port())),
                    SUITE_TIMEOUT);
        }
    }

    @Test
    void postgresOutbox() throws Exception {
        assumeTrue(PostgresServer.available(), "initdb/pg_ctl not on PATH: PostgreSQL outbox IT skipped");
        try (PostgresServer source = PostgresServer.start()) {
            // the layout of docs/consumers.md; malformed rows go to events_parked
            source.sql("CREATE TABLE events (id bigserial PRIMARY KEY, method text NOT NULL, payload jsonb NOT NULL,"
                    + " partition int NOT NULL DEFAULT 0, created_at timestamptz NOT NULL DEFAULT now());"
                    + " CREATE INDEX ON events (partition, id);"
                    + " CREATE TABLE events_parked (LIKE events, reason text)");
            run("postgresql", Map.of(
                    "url", source.url(),
                    "table", "events"),
                    Map.of(
                            "SOURCE_PORT", Integer.toString(source.port()),
                            "SOURCE_STOP", argv(source.stopCommand()),
                            "SOURCE_START", argv(source.startCommand())),
                    SUITE_TIMEOUT);
        }
    }

    @Test
    void kafka() throws Exception {
        try (KafkaBroker source = KafkaBroker.prepare()) {
            run("kafka", Map.of(
                    "url", source.bootstrap(),
                    "topics", "events",
                    // a gateway killed with -9 leaves its member in the group until the session expires (6 s, the
                    // broker's minimum): only then does the restarted gateway get the partition; short client
                    // timeouts and reconnects pick the restarted broker up quickly
                    "properties.\"session.timeout.ms\"", "6000",
                    "properties.\"heartbeat.interval.ms\"", "1000",
                    "properties.\"default.api.timeout.ms\"", "2000",
                    "properties.\"reconnect.backoff.max.ms\"", "500"),
                    runBySuite(source.port(), source.launchCommand(), "consumers-kafka-broker.log"),
                    KAFKA_SUITE_TIMEOUT);
        }
    }

    @Test
    void natsJetStream() throws Exception {
        assumeTrue(NatsServer.binary() != null, "nats-server not installed: NATS JetStream IT skipped");
        try (NatsServer source = NatsServer.prepare()) {
            run("nats", Map.of(
                    "url", source.url(),
                    "stream", "EVENTS",
                    // a gateway killed with -9 holds the lease until it expires: short, so the restart takes over
                    "claim-idle", "2s"),
                    runBySuite(source.port(), source.launchCommand(), "consumers-nats-server.log"),
                    SUITE_TIMEOUT);
        }
    }

    /**
     * Runs delivery.test.mjs against the gateway consuming {@code type} as consumer {@code events}.
     *
     * @param consumer the consumer's own keys (under {@code pulsegate.consumers.events.})
     * @param sourceEnv how the suite's driver reaches and restarts the source
     */
    private static void run(String type, Map<String, String> consumer, Map<String, String> sourceEnv,
            Duration timeout) throws Exception {
        GatewayProcess.Builder gateway = GatewayProcess.builder("consumers-" + type).properties(Map.of(
                "pulsegate.engine", "redis",
                "pulsegate.redis.url", engine.url(),
                "pulsegate.token.hmac-secret", CentrifugeJsIT.HMAC_SECRET,
                "pulsegate.api.key", CentrifugeJsIT.API_KEY,
                "pulsegate.namespaces.orders.history-size", "1000",
                "pulsegate.namespaces.orders.history-ttl", "10m",
                "pulsegate.namespaces.orders.force-recovery", "true",
                "pulsegate.namespaces.orders.allow-subscribe-for-client", "true"));
        Map<String, String> common = Map.of(
                "type", type,
                "enabled", "true",
                "poll-interval", "200ms",
                "retry-backoff", "200ms",
                "on-malformed", "park");
        common.forEach((k, v) -> gateway.property("pulsegate.consumers.events." + k, v));
        consumer.forEach((k, v) -> gateway.property("pulsegate.consumers.events." + k, v));
        Path log = gateway.logFile();
        Files.createDirectories(log.getParent());
        Files.deleteIfExists(log); // the suite appends each start of the gateway
        String url = "127.0.0.1:" + gateway.port();
        Map<String, String> env = new HashMap<>(sourceEnv);
        env.putAll(Map.of(
                "PULSEGATE_HTTP_URL", "http://" + url,
                "PULSEGATE_WS_URL", "ws://" + url + "/connection/websocket",
                "PULSEGATE_API_KEY", CentrifugeJsIT.API_KEY,
                "PULSEGATE_HMAC_SECRET", CentrifugeJsIT.HMAC_SECRET,
                "GATEWAY_COMMAND", argv(gateway.command()),
                "GATEWAY_LOG", log.toString(),
                "SOURCE", type));
        NodeSuites.run("consumers/delivery.test.mjs", env, log, timeout);
    }

    /**
     * The driver environment of a server the suite runs itself (and kills, and starts again) from {@code command},
     * its output in a fresh {@code target/it-logs/<logName>}.
     */
    private static Map<String, String> runBySuite(int port, List<String> command, String logName) throws IOException {
        Path log = GatewayProcess.projectDir().resolve("target/it-logs/" + logName);
        Files.deleteIfExists(log);
        return Map.of(
                "SOURCE_PORT", Integer.toString(port),
                "SOURCE_START", argv(command),
                "SOURCE_LOG", log.toString());
    }

    /** A command line for the suite: its arguments joined by U+001F, which no argument contains. */
    private static String argv(List<String> command) {
        return String.join("\u001f", command);
    }
}
