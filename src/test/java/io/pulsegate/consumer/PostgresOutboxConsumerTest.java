package io.pulsegate.consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pulsegate.config.ConsumerConfig;
import io.pulsegate.consumer.RecordProcessor.Outcome;
import io.pulsegate.support.TestConfig;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Row;

/**
 * {@link PostgresOutboxConsumer} against a real PostgreSQL cluster started by the test ({@link PostgresServer}); the
 * engine is a {@link RecordingSink}. Each test uses its own outbox table.
 */
class PostgresOutboxConsumerTest {

    private static final Duration DEADLINE = Duration.ofSeconds(20);
    private static final AtomicInteger TABLES = new AtomicInteger();

    private static PostgresServer pg;
    private static Vertx vertx;

    private final List<Consumer> started = new ArrayList<>();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final List<ConsumerMetrics> metrics = new ArrayList<>();
    private String table;

    @BeforeAll
    static void startServer() throws Exception {
        if (PostgresServer.available()) {
            pg = PostgresServer.start();
            vertx = Vertx.vertx();
        }
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().get();
        }
        if (pg != null) {
            pg.close();
        }
    }

    @BeforeEach
    void createTable() throws Exception {
        // per test, not in @BeforeAll: surefire reports each skipped test with this message
        assumeTrue(pg != null, "initdb/pg_ctl not on PATH: PostgreSQL outbox consumer test skipped"
                + " (install the PostgreSQL server binaries)");
        table = "outbox_" + TABLES.incrementAndGet();
        pg.sql("CREATE TABLE " + table + " (id bigserial PRIMARY KEY, method text NOT NULL, payload jsonb NOT NULL,"
                + " partition int NOT NULL DEFAULT 0, created_at timestamptz DEFAULT now())");
    }

    @AfterEach
    void stopConsumers() {
        for (Consumer c : started) {
            c.stop().await().atMost(Duration.ofSeconds(15));
        }
    }

    @Test
    void appliesInIdOrderAndDeletesWhatItApplied() throws Exception {
        List<Long> ids = insert(55, 1);
        RecordingSink sink = new RecordingSink("a");
        start("pg", sink, "batch-size", "10");
        await("all applied", () -> sink.seqs().size() == 55);
        assertEquals(ids, sink.seqs());
        await("outbox emptied", () -> rows() == 0);
        assertEquals(55, metrics.get(0).count(Outcome.APPLIED));
        ids = insert(3, 1);
        await("later rows applied by polling", () -> sink.seqs().size() == 58);
        assertEquals(ids, sink.seqs().subList(55, 58));
        await("lag counted down", () -> lag("pg") == 0 && rows() == 0);
        assertTrue(started.get(0).connected());
    }

    @Test
    void malformedRowsAreSkippedAndCounted() throws Exception {
        long first = insert(1, 1).get(0);
        insertRaw("", "{\"no\":\"envelope\"}", 0);
        insertRaw("no_such_method", "{}", 0);
        long last = insert(1, 1).get(0);
        RecordingSink sink = new RecordingSink("a");
        start("pg", sink);
        await("good rows applied", () -> sink.seqs().size() == 2);
        assertEquals(List.of(first, last), sink.seqs());
        await("outbox emptied", () -> rows() == 0);
        assertEquals(2, metrics.get(0).count(Outcome.MALFORMED));
    }

    @Test
    void malformedRowsAreParkedWithPark() throws Exception {
        createParked();
        long first = insert(1, 1).get(0);
        insertRaw("", "{\"no\":\"envelope\"}", 0);
        long last = insert(1, 1).get(0);
        RecordingSink sink = new RecordingSink("a");
        start("pg", sink, "on-malformed", "park");
        await("good rows applied", () -> sink.seqs().size() == 2);
        assertEquals(List.of(first, last), sink.seqs());
        await("outbox emptied", () -> rows() == 0);
        List<Row> parked = pg.sql("SELECT id, method, payload::text, reason FROM " + table + "_parked");
        assertEquals(1, parked.size());
        assertEquals(first + 1, parked.get(0).getLong(0));
        assertEquals("", parked.get(0).getString(1));
        assertEquals("{\"no\": \"envelope\"}", parked.get(0).getString(2));
        assertFalse(parked.get(0).getString(3).isBlank());
    }

    @Test
    void withoutAParkedTableAMalformedRowStaysAndThePartitionPauses() throws Exception {
        long first = insert(1, 1).get(0);
        insertRaw("", "{}", 0);
        long last = insert(1, 1).get(0);
        RecordingSink sink = new RecordingSink("a");
        start("pg", sink, "on-malformed", "park");
        await("row before the malformed one applied and deleted", () -> rows() == 2);
        assertNever("the row after the malformed one applied", Duration.ofMillis(800),
                () -> sink.seqs().size() > 1);
        createParked();
        await("parked, then the rest applied", () -> sink.seqs().size() == 2 && rows() == 0);
        assertEquals(List.of(first, last), sink.seqs(), "each row once, in order");
        assertEquals(1, pg.count("SELECT count(*) FROM " + table + "_parked"));
    }

    @Test
    void retryPausesAndResumesInOrderWithoutLosingOrRepeating() throws Exception {
        List<Long> ids = insert(12, 1);
        RecordingSink sink = new RecordingSink("a");
        // calls 1, 4 and 5 find the engine unavailable: at the first row, and mid-batch
        sink.unavailableAt = call -> call == 1 || call == 4 || call == 5;
        start("pg", sink, "batch-size", "5");
        await("all applied", () -> sink.seqs().size() == 12);
        assertEquals(ids, sink.seqs(), "in order, each once: rows applied before a retry were deleted");
        assertEquals(3, metrics.get(0).count(Outcome.RETRY));
        await("outbox emptied", () -> rows() == 0);
    }

    @Test
    void aNewInstanceContinuesAfterTheDeletedRowsAndRedeliversTheBatchInFlight() throws Exception {
        List<Long> ids = insert(6, 1);
        RecordingSink first = new RecordingSink("a");
        first.hangOn = ids.get(3); // the second row of the second batch never completes
        Consumer a = start("a", first, "batch-size", "2");
        await("first batch and a row of the second applied", () -> first.seqs().size() == 3 && first.hung);
        assertEquals(4, rows(), "the first batch was deleted on commit, the batch in flight is not");
        a.stop().await().atMost(PostgresOutboxConsumer.STOP_GRACE.plusSeconds(5));
        started.remove(a);
        assertEquals(4, rows(), "the abandoned batch was rolled back");
        RecordingSink second = new RecordingSink("b");
        start("b", second, "batch-size", "2");
        await("the rest applied", () -> second.seqs().size() == 4 && rows() == 0);
        assertEquals(ids.subList(2, 6), second.seqs(), "continues after the deleted rows, redelivering in flight");
    }

    @Test
    void reconnectsAfterTheServerRestarts() throws Exception {
        List<Long> ids = new ArrayList<>(insert(3, 1));
        RecordingSink sink = new RecordingSink("a");
        Consumer c = start("pg", sink);
        await("applied", () -> sink.seqs().size() == 3 && c.connected());
        try {
            pg.kill();
            await("disconnected", () -> !c.connected());
        } finally {
            pg.launch();
        }
        await("reconnected", c::connected);
        ids.addAll(insert(3, 1));
        await("rows after the restart applied", () -> sink.seqs().size() == 6 && rows() == 0);
        assertEquals(ids, sink.seqs());
    }

    @Test
    void twoInstancesShareThePartitionsAndEachPartitionStaysInIdOrder() throws Exception {
        insert(80, 4);
        List<RecordingSink.Applied> log = new CopyOnWriteArrayList<>();
        RecordingSink a = new RecordingSink("a", log);
        CompletableFuture<Void> gate = new CompletableFuture<>();
        a.holdChannel = "p0"; // a holds partition 0 in a batch until the gate opens, then finds the engine down
        a.gate = gate;
        String[] options = {"partitions", "4", "batch-size", "5", "retry-backoff", "30s"};
        start("a", a, options);
        await("a applied partitions 1-3 and holds partition 0", () -> log.size() == 60 && a.hung);
        RecordingSink b = new RecordingSink("b", log);
        start("b", b, options);
        assertNever("b took partition 0 while a holds it", Duration.ofSeconds(1),
                () -> log.stream().anyMatch(x -> x.channel().equals("p0")));
        pg.sql("INSERT INTO " + table + " (method, payload, partition) SELECT 'publish', jsonb_build_object("
                + "'channel', 'p' || (1 + g % 3), 'data', jsonb_build_object('seq', g)), 1 + g % 3"
                + " FROM generate_series(1000, 1039) g");
        gate.complete(null);
        await("everything applied", () -> log.size() == 120 && rows() == 0);
        assertEquals(120, new HashSet<>(log).size(), "each row once");
        assertTrue(b.seqs().size() >= 20, "b took over partition 0");
        assertTrue(log.stream().filter(x -> x.channel().equals("p0")).allMatch(x -> x.instance().equals("b")));
        for (int p = 0; p < 4; p++) {
            String channel = "p" + p;
            List<Long> seqs = log.stream().filter(x -> x.channel().equals(channel)).map(RecordingSink.Applied::seq)
                    .collect(Collectors.toList());
            assertEquals(seqs.stream().sorted().collect(Collectors.toList()), seqs, "partition " + p + " in order");
        }
    }

    @Test
    void notifyWakesARoundLongBeforeThePollInterval() throws Exception {
        String channel = table + "_wake";
        RecordingSink sink = new RecordingSink("a");
        Consumer c = start("pg", sink, "partitions", "2", "poll-interval", "30s", "notify-channel", channel);
        await("listening", () -> c.connected() && pg.count("SELECT count(*) FROM pg_stat_activity"
                + " WHERE query = 'LISTEN \"" + channel + "\"'") == 1);
        // bad payloads are ignored and leave the listener working
        pg.sql("SELECT pg_notify('" + channel + "', 'abc'); SELECT pg_notify('" + channel + "', '7')");
        long start = System.nanoTime();
        pg.sql("BEGIN; INSERT INTO " + table + " (method, payload, partition) VALUES ('publish',"
                + " '{\"channel\":\"p1\",\"data\":{\"seq\":1}}', 1); SELECT pg_notify('" + channel + "', '1'); COMMIT");
        await("woken for partition 1", () -> sink.seqs().size() == 1, Duration.ofSeconds(5));
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 5);
        pg.sql("BEGIN; INSERT INTO " + table + " (method, payload, partition) VALUES ('publish',"
                + " '{\"channel\":\"p0\",\"data\":{\"seq\":2}}', 0); NOTIFY \"" + channel + "\"; COMMIT");
        await("an empty payload wakes every partition", () -> sink.seqs().size() == 2, Duration.ofSeconds(5));
        assertEquals(List.of(1L, 2L), sink.seqs());
    }

    @Test
    void rejectsATableNameThatIsNotAnIdentifier() {
        ConsumerConfig config = config("pg", "table", "outbox; DROP TABLE x");
        assertThrows(IllegalStateException.class, () -> new PostgresOutboxConsumer(context("pg", config,
                new RecordingSink("a"))));
    }

    // --- helpers

    private Consumer start(String name, RecordingSink sink, String... options) {
        Consumer c = new PostgresOutboxConsumer(context(name, config(name, options), sink));
        c.start();
        started.add(c);
        return c;
    }

    private Consumers.Context context(String name, ConsumerConfig config, RecordingSink sink) {
        ConsumerMetrics m = new ConsumerMetrics(registry, name);
        metrics.add(m);
        return new Consumers.Context(name, config, new RecordProcessor(sink), m, vertx);
    }

    private ConsumerConfig config(String name, String... options) {
        List<String> pairs = new ArrayList<>(List.of("type", "postgresql", "enabled", "true", "url", pg.url(),
                "table", table, "poll-interval", "100ms", "retry-backoff", "200ms"));
        pairs.addAll(List.of(options));
        String[] keys = new String[pairs.size()];
        for (int i = 0; i < pairs.size(); i += 2) {
            keys[i] = "pulsegate.consumers." + name + "." + pairs.get(i);
            keys[i + 1] = pairs.get(i + 1);
        }
        return TestConfig.of(keys).consumers().get(name);
    }

    /** Inserts publishes into channel {@code p<partition>} whose data {@code seq} is the row id; ids in order. */
    private List<Long> insert(int count, int partitions) throws Exception {
        String seq = "nextval(pg_get_serial_sequence('" + table + "', 'id'))";
        List<Row> rows = pg.sql("INSERT INTO " + table + " (id, method, payload, partition)"
                + " SELECT n, 'publish', jsonb_build_object('channel', 'p' || n % $1, 'data',"
                + " jsonb_build_object('seq', n)), n % $1 FROM (SELECT " + seq + " AS n FROM generate_series(1, $2)) s"
                + " RETURNING id", partitions, count);
        return rows.stream().map(r -> r.getLong(0)).sorted().collect(Collectors.toList());
    }

    private void insertRaw(String method, String payload, int partition) throws Exception {
        pg.sql("INSERT INTO " + table + " (method, payload, partition) VALUES ($1, $2::text::jsonb, $3)", method,
                payload,
                partition);
    }

    private void createParked() throws Exception {
        pg.sql("CREATE TABLE " + table + "_parked (id bigint NOT NULL, method text NOT NULL, payload jsonb NOT NULL,"
                + " partition int NOT NULL, created_at timestamptz, reason text)");
    }

    private long rows() throws Exception {
        return pg.count("SELECT count(*) FROM " + table);
    }

    private double lag(String consumer) {
        return registry.get("pulsegate_consumer_lag").tag("consumer", consumer).gauge().value();
    }

    interface Check {
        boolean holds() throws Exception;
    }

    private static void await(String what, Check check) throws Exception {
        await(what, check, DEADLINE);
    }

    private static void await(String what, Check check, Duration deadline) throws Exception {
        long end = System.nanoTime() + deadline.toNanos();
        while (!check.holds()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting: " + what);
            }
            Thread.sleep(10);
        }
    }

    /** Fails if {@code violation} holds at any check during {@code window}. */
    private static void assertNever(String violation, Duration window, BooleanSupplier check)
            throws InterruptedException {
        long end = System.nanoTime() + window.toNanos();
        while (System.nanoTime() < end) {
            assertFalse(check.getAsBoolean(), violation);
            Thread.sleep(10);
        }
    }
}
