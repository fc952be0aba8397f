package io.pulsegate.consumer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import org.jboss.logging.Logger;

import io.pulsegate.config.ConsumerConfig;
import io.pulsegate.transport.SampledLog;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.pubsub.PgSubscriber;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;

/**
 * Consumes a PostgreSQL transactional outbox (Centrifugo's layout). The application inserts commands in the same
 * transaction as its own changes; this consumer owns no schema and expects:
 *
 * <pre>
 * CREATE TABLE pulsegate_outbox (
 *     id         bigserial PRIMARY KEY,
 *     method     text NOT NULL,               -- API method; '' when payload is a {"method","payload"} envelope
 *     payload    jsonb NOT NULL,
 *     partition  int NOT NULL DEFAULT 0,      -- 0 .. partitions-1; order holds within a partition
 *     created_at timestamptz DEFAULT now()
 * );
 * CREATE INDEX ON pulsegate_outbox (partition, id);
 * -- only with on-malformed=park:
 * CREATE TABLE pulsegate_outbox_parked (
 *     id bigint NOT NULL, method text NOT NULL, payload jsonb NOT NULL, partition int NOT NULL,
 *     created_at timestamptz, reason text
 * );
 * </pre>
 *
 * <p>
 * Each partition has its own loop. A round is one transaction: {@code pg_try_advisory_xact_lock(hashtext('<table>:'
 * || partition))} (if another node holds it, the partition is theirs this round: it stays in id order across
 * nodes), then up to {@code batch-size} rows {@code ORDER BY id FOR UPDATE SKIP LOCKED}, each applied in order, then
 * {@code DELETE … WHERE id = ANY(…)} of the applied and malformed rows (parked first with {@code on-malformed=park})
 * and commit. While the engine is unavailable the round deletes what it applied before, commits and the partition
 * waits {@code retry-backoff}. A crash re-delivers at most the batch in flight (at least once; an
 * {@code idempotency_key} in the payload makes a repeat publish once).
 *
 * <p>
 * Wake-up: after a round that found rows, at once; else after {@code poll-interval}; with {@code notify-channel}, also
 * on {@code NOTIFY <channel>, '<partition>'} (an empty payload wakes all partitions), received on a dedicated
 * connection. The lag ({@code count(*)} of the table) is refreshed at most every 5 s.
 */
final class PostgresOutboxConsumer implements Consumer {

    private static final Logger LOG = Logger.getLogger(PostgresOutboxConsumer.class);
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)?");
    /** How long stop() lets the batches in flight finish before it closes their connections (rolling them back). */
    static final Duration STOP_GRACE = Duration.ofSeconds(5);
    private static final long LAG_INTERVAL_NANOS = Duration.ofSeconds(5).toNanos();
    private static final int CONNECT_TIMEOUT_MILLIS = 5_000;

    /** The state of one partition's loop; touched only on {@link #context}. */
    private static final class Partition {
        final int number;
        final Promise<Void> done = Promise.promise();
        /** A round is running or queued. */
        boolean busy;
        /** Woken while busy: run again even if the round found nothing. */
        boolean woken;
        /** Waiting out {@code retry-backoff}: notifications do not shorten it. */
        boolean backingOff;
        long timer = -1;

        Partition(int number) {
            this.number = number;
        }
    }

    private final Consumers.Context ctx;
    private final ConsumerConfig config;
    private final String table;
    private final PgConnectOptions connectOptions;
    private final Pool pool;
    private final Context context;
    private final OutboxBatch batch;
    private final SampledLog log;
    private final List<Partition> partitions = new ArrayList<>();
    private PgSubscriber subscriber;
    private long nextLagNanos = System.nanoTime();
    private boolean lagInFlight;
    private volatile boolean running;
    private volatile boolean connected;

    PostgresOutboxConsumer(Consumers.Context ctx) {
        this.ctx = ctx;
        this.config = ctx.config();
        this.table = config.table();
        if (!IDENTIFIER.matcher(table).matches()) {
            throw new IllegalStateException("consumer '" + ctx.name() + "': table '" + table
                    + "' must be an unquoted identifier, optionally schema-qualified");
        }
        if (config.partitions() < 1 || config.batchSize() < 1) {
            throw new IllegalStateException("consumer '" + ctx.name() + "': partitions and batch-size must be >= 1");
        }
        this.connectOptions = connectOptions(ctx);
        int connections = Math.min(config.partitions(), 4) + 1; // the rounds in parallel and the lag count
        this.pool = PgBuilder.pool()
                .with(new PoolOptions().setMaxSize(connections).setMaxWaitQueueSize(config.partitions() + 4))
                .connectingTo(connectOptions).using(ctx.vertx()).build();
        this.context = ctx.vertx().getOrCreateContext();
        this.batch = new OutboxBatch(ctx, context, table);
        this.log = new SampledLog(LOG, 10_000);
        for (int i = 0; i < config.partitions(); i++) {
            partitions.add(new Partition(i));
        }
    }

    private static PgConnectOptions connectOptions(Consumers.Context ctx) {
        try {
            return PgConnectOptions.fromUri(ctx.config().url()).setConnectTimeout(CONNECT_TIMEOUT_MILLIS)
                    .setReconnectAttempts(0);
        } catch (RuntimeException e) {
            throw new IllegalStateException("consumer '" + ctx.name()
                    + "': url must be postgresql://user[:password]@host:port/database: " + e.getMessage(), e);
        }
    }

    @Override
    public String name() {
        return ctx.name();
    }

    @Override
    public void start() {
        running = true;
        context.runOnContext(v -> {
            partitions.forEach(p -> schedule(p, 0));
            config.notifyChannel().filter(c -> !c.isBlank()).ifPresent(this::listen);
        });
    }

    @Override
    public Uni<Void> stop() {
        running = false;
        context.runOnContext(v -> partitions.forEach(p -> {
            if (!p.busy) {
                finish(p);
            }
        }));
        Future<?>[] loops = partitions.stream().map(p -> p.done.future()).toArray(Future[]::new);
        return Uni.createFrom().completionStage(Future.join(List.of(loops)).toCompletionStage()).replaceWithVoid()
                .ifNoItem().after(STOP_GRACE).recoverWithItem((Void) null)
                .onFailure().recoverWithItem((Void) null)
                .chain(() -> Uni.createFrom().completionStage(closeAll().toCompletionStage()));
    }

    private Future<Void> closeAll() {
        Promise<Void> closed = Promise.promise();
        context.runOnContext(v -> {
            Future<Void> listener = subscriber == null ? Future.succeededFuture() : subscriber.close();
            Future.join(listener, pool.close()).<Void>mapEmpty().onComplete(ar -> closed.complete());
        });
        return closed.future();
    }

    @Override
    public boolean connected() {
        return connected;
    }

    /** Runs a round after {@code delayMillis} (0: as soon as the context is free). */
    private void schedule(Partition p, long delayMillis) {
        if (!running) {
            finish(p);
            return;
        }
        if (delayMillis <= 0) {
            p.busy = true;
            context.runOnContext(v -> round(p));
        } else {
            p.busy = false;
            p.timer = ctx.vertx().setTimer(delayMillis, t -> {
                p.timer = -1;
                p.backingOff = false;
                p.busy = true;
                round(p);
            });
        }
    }

    private void finish(Partition p) {
        p.busy = false;
        if (p.timer != -1) {
            ctx.vertx().cancelTimer(p.timer);
            p.timer = -1;
        }
        p.done.tryComplete();
    }

    private void round(Partition p) {
        if (!running) {
            finish(p);
            return;
        }
        p.woken = false;
        batch.run(pool, p.number, () -> running).onComplete(ar -> {
            if (ar.failed()) {
                up(false);
                log.info("source_unreachable", "consumer " + ctx.name() + ": outbox round failed table=" + table
                        + " partition=" + p.number + ": " + ar.cause().getMessage());
                backOff(p);
                return;
            }
            up(true);
            updateLag();
            switch (ar.result()) {
                case MORE -> schedule(p, 0);
                case EMPTY -> schedule(p, p.woken ? 0 : config.pollInterval().toMillis());
                case BUSY -> schedule(p, config.pollInterval().toMillis());
                case RETRY -> backOff(p);
                case STOPPED -> finish(p);
            }
        });
    }

    private void backOff(Partition p) {
        p.backingOff = true;
        schedule(p, Math.max(1, config.retryBackoff().toMillis()));
    }

    private void up(boolean value) {
        connected = value;
        ctx.metrics().up(value);
    }

    /** Starts a round of {@code p} now unless one is running (it then runs again) or it backs off. */
    private void wake(Partition p) {
        if (!running || p.backingOff) {
            return;
        }
        if (p.busy) {
            p.woken = true;
        } else if (p.timer != -1) {
            ctx.vertx().cancelTimer(p.timer);
            p.timer = -1;
            schedule(p, 0);
        }
    }

    /** LISTEN on a dedicated connection, reconnecting after {@code retry-backoff} while running. */
    private void listen(String channel) {
        subscriber = PgSubscriber.subscriber(ctx.vertx(), connectOptions);
        subscriber.reconnectPolicy(attempt -> running ? Math.max(1, config.retryBackoff().toMillis()) : -1L);
        subscriber.channel(channel)
                .handler(payload -> context.runOnContext(v -> notified(channel, payload)))
                // (re)subscribed: notifications sent meanwhile are lost, so look at every partition once
                .subscribeHandler(v -> context.runOnContext(x -> partitions.forEach(this::wake)));
        connectListener(channel);
    }

    private void connectListener(String channel) {
        if (!running) {
            return;
        }
        subscriber.connect().onFailure(failure -> {
            log.info("listen_failed", "consumer " + ctx.name() + ": LISTEN " + channel + " failed: "
                    + failure.getMessage());
            ctx.vertx().setTimer(Math.max(1, config.retryBackoff().toMillis()), t -> connectListener(channel));
        });
    }

    private void notified(String channel, String payload) {
        String text = payload == null ? "" : payload.trim();
        if (text.isEmpty()) {
            partitions.forEach(this::wake);
            return;
        }
        int number;
        try {
            number = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            number = -1;
        }
        if (number < 0 || number >= partitions.size()) {
            log.info("bad_notification", "consumer " + ctx.name() + ": ignoring notification on " + channel
                    + ": payload is not a partition in 0.." + (partitions.size() - 1) + ": " + abbreviate(text));
            return;
        }
        wake(partitions.get(number));
    }

    private static String abbreviate(String text) {
        return text.length() <= 64 ? text : text.substring(0, 64) + "…";
    }

    /** Occasionally counts the rows left in the table (a full count is not free on a large backlog). */
    private void updateLag() {
        long now = System.nanoTime();
        if (lagInFlight || now - nextLagNanos < 0) {
            return;
        }
        lagInFlight = true;
        nextLagNanos = now + LAG_INTERVAL_NANOS;
        pool.query("SELECT count(*) FROM " + table).execute()
                .onSuccess(rows -> ctx.metrics().lag(rows.iterator().next().getLong(0)))
                .onComplete(ar -> lagInFlight = false);
    }
}
