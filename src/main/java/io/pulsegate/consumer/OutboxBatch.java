package io.pulsegate.consumer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

import org.jboss.logging.Logger;

import io.pulsegate.config.ConsumerConfig;
import io.pulsegate.transport.SampledLog;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

/**
 * One round of one outbox partition, in one transaction: take the partition's advisory lock, lock its oldest rows,
 * apply them in id order, park malformed ones, delete what was applied or skipped, commit; so a row is removed only in
 * the transaction that saw it applied. Runs on the consumer's context.
 */
final class OutboxBatch {

    private static final Logger LOG = Logger.getLogger(OutboxBatch.class);

    /** How a round ended. */
    enum End {
        /** The partition had no rows. */
        EMPTY,
        /** Rows were applied; there may be more. */
        MORE,
        /** Another node holds the partition. */
        BUSY,
        /** Stopped before the end of the batch (engine unavailable, parking failed): back off. */
        RETRY,
        /** The consumer is stopping; what was applied is deleted. */
        STOPPED
    }

    private record Entry(long id, String method, byte[] payload) {}

    private final Consumers.Context ctx;
    private final Context context;
    private final SampledLog log;
    private final String table;
    private final String lockSql;
    private final String selectSql;
    private final String deleteSql;
    private final String parkSql;
    private final boolean park;

    /** @param table a validated, possibly schema-qualified, identifier */
    OutboxBatch(Consumers.Context ctx, Context context, String table) {
        this.ctx = ctx;
        this.context = context;
        this.log = new SampledLog(LOG, 10_000);
        this.table = table;
        this.lockSql = "SELECT pg_try_advisory_xact_lock(hashtext($1))";
        this.selectSql = "SELECT id, method, payload::text FROM " + table + " WHERE partition = $1 ORDER BY id LIMIT "
                + ctx.config().batchSize() + " FOR UPDATE SKIP LOCKED";
        this.deleteSql = "DELETE FROM " + table + " WHERE id = ANY($1)";
        this.parkSql = "INSERT INTO " + table + "_parked (id, method, payload, partition, created_at, reason)"
                + " SELECT id, method, payload, partition, created_at, $2 FROM " + table + " WHERE id = $1";
        this.park = ctx.config().onMalformed() == ConsumerConfig.MalformedPolicy.PARK;
    }

    /**
     * Runs one round of {@code partition} in a transaction on a connection of {@code pool}. The transaction is plain
     * SQL ({@code BEGIN}/{@code COMMIT}), not the client's transaction API, which rolls back on any failed statement:
     * a failed park must roll back to its savepoint only, keeping the deletes of the rows applied before it.
     *
     * @param running false once the consumer stops: the batch ends after the record in flight
     */
    Future<End> run(Pool pool, int partition, BooleanSupplier running) {
        return pool.withConnection(conn -> conn.query("BEGIN").execute()
                .compose(v -> locked(conn, partition, running))
                .compose(end -> conn.query("COMMIT").execute().map(end),
                        failure -> conn.query("ROLLBACK").execute().transform(ar -> Future.failedFuture(failure))));
    }

    private Future<End> locked(SqlConnection conn, int partition, BooleanSupplier running) {
        return conn.preparedQuery(lockSql).execute(Tuple.of(table + ":" + partition)).compose(locked -> {
            if (!Boolean.TRUE.equals(locked.iterator().next().getBoolean(0))) {
                return Future.succeededFuture(End.BUSY);
            }
            return conn.preparedQuery(selectSql).execute(Tuple.of(partition)).compose(rows -> {
                List<Entry> entries = entries(rows);
                if (entries.isEmpty()) {
                    return Future.succeededFuture(End.EMPTY);
                }
                List<Long> done = new ArrayList<>(entries.size());
                return apply(conn, partition, entries, 0, done, running)
                        .compose(end -> delete(conn, done).map(end));
            });
        });
    }

    private static List<Entry> entries(RowSet<Row> rows) {
        List<Entry> out = new ArrayList<>(rows.size());
        for (Row row : rows) {
            String payload = row.getString(2);
            out.add(new Entry(row.getLong(0), row.getString(1),
                    payload == null ? new byte[0] : payload.getBytes(StandardCharsets.UTF_8)));
        }
        return out;
    }

    /** Applies entries from {@code index} in order, collecting the ids to delete in {@code done}. */
    private Future<End> apply(SqlConnection conn, int partition, List<Entry> entries, int index, List<Long> done,
            BooleanSupplier running) {
        if (index >= entries.size()) {
            return Future.succeededFuture(End.MORE);
        }
        if (!running.getAsBoolean()) {
            return Future.succeededFuture(End.STOPPED);
        }
        Entry entry = entries.get(index);
        return process(entry).compose(result -> {
            ctx.metrics().record(result.outcome());
            return switch (result.outcome()) {
                case APPLIED -> {
                    done.add(entry.id);
                    yield apply(conn, partition, entries, index + 1, done, running);
                }
                case MALFORMED -> {
                    log.info("malformed", "consumer " + ctx.name() + ": malformed record table=" + table + " id="
                            + entry.id + ": " + result.reason());
                    yield park(conn, entry, result.reason()).compose(parked -> {
                        if (!parked) {
                            return Future.succeededFuture(End.RETRY);
                        }
                        done.add(entry.id);
                        return apply(conn, partition, entries, index + 1, done, running);
                    });
                }
                case RETRY -> {
                    log.info("engine_unavailable", "consumer " + ctx.name() + ": engine unavailable, pausing table="
                            + table + " partition=" + partition + ": " + result.reason());
                    yield Future.succeededFuture(End.RETRY);
                }
            };
        });
    }

    /** The processor may complete on any thread: continue on the consumer's context. */
    private Future<RecordProcessor.Result> process(Entry entry) {
        Promise<RecordProcessor.Result> processed = Promise.promise();
        ctx.processor().process(entry.method, entry.payload).subscribe().with(
                result -> context.runOnContext(v -> processed.complete(result)),
                failure -> context.runOnContext(v -> processed.fail(failure)));
        return processed.future();
    }

    /**
     * With {@code on-malformed=park}, copies the row to {@code <table>_parked} under a savepoint, so that a missing
     * or incompatible parked table leaves the transaction usable: the row then stays in the outbox (false) and the
     * partition pauses, logging why, rather than dropping what the operator asked to keep.
     */
    private Future<Boolean> park(SqlConnection conn, Entry entry, String reason) {
        if (!park) {
            return Future.succeededFuture(true);
        }
        return conn.query("SAVEPOINT pulsegate_park").execute()
                .compose(v -> conn.preparedQuery(parkSql).execute(Tuple.of(entry.id, reason)))
                .compose(v -> conn.query("RELEASE SAVEPOINT pulsegate_park").execute().map(true), failure -> {
                    log.info("park_failed", "consumer " + ctx.name() + ": cannot park id=" + entry.id + " into "
                            + table + "_parked (create it, see PostgresOutboxConsumer): " + failure.getMessage());
                    return conn.query("ROLLBACK TO SAVEPOINT pulsegate_park").execute().map(false);
                });
    }

    private Future<Void> delete(SqlConnection conn, List<Long> ids) {
        if (ids.isEmpty()) {
            return Future.succeededFuture();
        }
        return conn.preparedQuery(deleteSql).execute(Tuple.tuple().addArrayOfLong(ids.toArray(new Long[0]))).mapEmpty();
    }
}
