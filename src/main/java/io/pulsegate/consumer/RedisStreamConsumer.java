package io.pulsegate.consumer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.jboss.logging.Logger;

import io.pulsegate.config.ConsumerConfig;
import io.pulsegate.transport.SampledLog;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.ProtocolVersion;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

/**
 * Consumes Redis streams through a consumer group: one loop per stream, in entry order. One consumer of the group
 * reads a stream at a time (a lease renewed every round, expiring after {@code claim-idle}), so a channel's records
 * keep their order whichever node consumes them; the others stand by. A consumer that acquires the lease first takes
 * over everything its predecessor left pending ({@code XAUTOCLAIM}), then reads its own pending entries, then new
 * ones ({@code XREADGROUP … >} with {@code BLOCK}). Entries are acknowledged only after their commands were applied, with
 * one {@code XACK} per batch (a crash re-delivers the batch in flight); while the engine is unavailable the loop pauses and re-reads its pending entries, so nothing is skipped or reordered. Malformed entries
 * are acknowledged, and with {@code on-malformed=park} first copied to {@code <stream>:parked}.
 *
 * <p>
 * Fields: the method from {@code method-field} (or a {@code {"method","payload"}} envelope in the payload field), the
 * payload from {@code payload-field}.
 */
final class RedisStreamConsumer implements Consumer {

    private static final Logger LOG = Logger.getLogger(RedisStreamConsumer.class);

    private record Entry(String id, String method, byte[] payload, List<String> fields) {}

    private final Consumers.Context ctx;
    private final ConsumerConfig config;
    private final Redis redis;
    private final String consumerName;
    private final SampledLog log;
    private volatile boolean running;
    private Future<Void> stopped;
    private volatile boolean connected;
    private final List<Promise<Void>> loops = new ArrayList<>();

    RedisStreamConsumer(Consumers.Context ctx) {
        this.ctx = ctx;
        this.config = ctx.config();
        // RESP2 keeps stream replies as plain arrays; the pool holds one blocking read per stream and some spare
        this.redis = Redis.createClient(ctx.vertx(), new RedisOptions().setConnectionString(config.url())
                .setPreferredProtocolVersion(ProtocolVersion.RESP2)
                .setMaxPoolSize(config.topics().map(List::size).orElse(1) * 2 + 2).setMaxPoolWaiting(64));
        this.consumerName = ctx.name() + "-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        this.log = new SampledLog(LOG, 10_000);
    }

    @Override
    public String name() {
        return ctx.name();
    }

    @Override
    public void start() {
        running = true;
        for (String stream : config.topics().orElseThrow(() -> new IllegalStateException("consumer '" + ctx.name()
                + "': topics (the stream keys) are required"))) {
            Promise<Void> done = Promise.promise();
            loops.add(done);
            ctx.vertx().runOnContext(v -> round(stream, true, done));
        }
    }

    @Override
    public synchronized Uni<Void> stop() {
        if (stopped == null) {
            running = false;
            Future<?>[] all = loops.stream().map(Promise::future).toArray(Future[]::new);
            // a graceful stop hands the streams over at once instead of after the lease expired
            stopped = Future.join(List.of(all)).transform(r -> Future.join(config.topics().orElse(List.of())
                    .stream().map(this::release).toList())).onComplete(r -> redis.close()).mapEmpty();
        }
        return Uni.createFrom().completionStage(stopped.toCompletionStage()).replaceWithVoid();
    }

    @Override
    public boolean connected() {
        return connected;
    }

    /**
     * One round: hold the stream's lease, read (own pending entries first, then new ones), apply in order, go on.
     * Without the lease another node consumes the stream; this one stands by and takes over when the lease expires.
     */
    private void round(String stream, boolean pending, Promise<Void> done) {
        if (!running) {
            done.tryComplete();
            return;
        }
        ensureGroup(stream).compose(v -> lease(stream)).compose(lease -> switch (lease) {
            case 0 -> Future.succeededFuture((List<Entry>) null); // standby
            case 2 -> claimAll(stream, "0-0").compose(v -> read(stream, true)); // took over: the PEL first
            default -> read(stream, pending);
        }).onSuccess(entries -> {
            connected = true;
            ctx.metrics().up(true);
            if (entries == null) {
                ctx.vertx().setTimer(Math.max(1, config.pollInterval().toMillis()), t -> round(stream, true, done));
                return;
            }
            updateLag(stream);
            apply(stream, entries).onComplete(result -> {
                if (result.failed() || Boolean.FALSE.equals(result.result())) {
                    ctx.vertx().setTimer(config.retryBackoff().toMillis(), t -> round(stream, true, done));
                } else {
                    // pending entries come in batches until none are left; then new ones, waiting for them
                    round(stream, !entries.isEmpty() && pending, done);
                }
            });
        }).onFailure(failure -> {
            connected = false;
            ctx.metrics().up(false);
            log.info("source_unreachable", "consumer " + ctx.name() + ": redis failed stream=" + stream + ": "
                    + failure.getMessage());
            ctx.vertx().setTimer(config.retryBackoff().toMillis(), t -> round(stream, true, done));
        });
    }

    private Future<Void> ensureGroup(String stream) {
        return redis.send(Request.cmd(Command.XGROUP).arg("CREATE").arg(stream).arg(config.group()).arg("0")
                .arg("MKSTREAM")).<Void>mapEmpty().recover(
                        failure -> failure.getMessage() != null
                                && failure.getMessage().startsWith("BUSYGROUP")
                                        ? Future.succeededFuture()
                                        : Future.failedFuture(failure));
    }

    /**
     * One consumer at a time reads a stream, so records of a channel keep their order across nodes. The lease lives
     * {@code claim-idle} and is renewed every round. @return 1 renewed, 2 acquired now, 0 held by another consumer
     */
    private Future<Integer> lease(String stream) {
        return redis.send(Request.cmd(Command.EVAL).arg(LEASE).arg(1).arg(stream + ":lease:" + config.group())
                .arg(consumerName).arg(Math.max(1, config.claimIdle().toMillis()))).map(Response::toInteger);
    }

    private static final String LEASE = """
            if redis.call('get', KEYS[1]) == ARGV[1] then
              redis.call('pexpire', KEYS[1], ARGV[2]) return 1
            end
            if redis.call('set', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return 2 end
            return 0
            """;

    private Future<Void> release(String stream) {
        return redis.send(Request.cmd(Command.EVAL).arg(RELEASE).arg(1).arg(stream + ":lease:" + config.group())
                .arg(consumerName)).mapEmpty();
    }

    private static final String RELEASE = """
            if redis.call('get', KEYS[1]) == ARGV[1] then redis.call('del', KEYS[1]) end
            return 1
            """;

    /** Takes every entry the group's previous lease holder left pending (it is gone: its lease expired). */
    private Future<Void> claimAll(String stream, String cursor) {
        return redis.send(Request.cmd(Command.XAUTOCLAIM).arg(stream).arg(config.group()).arg(consumerName).arg(0)
                .arg(cursor).arg("COUNT").arg(config.batchSize()).arg("JUSTID")).compose(r -> {
                    String next = r == null || r.size() == 0 ? "0-0" : r.get(0).toString();
                    return next.equals("0-0") ? Future.succeededFuture() : claimAll(stream, next);
                });
    }

    /** {@code pending}: this consumer's unacknowledged entries; else new ones, waiting up to the poll interval. */
    private Future<List<Entry>> read(String stream, boolean pending) {
        Request req = Request.cmd(Command.XREADGROUP).arg("GROUP").arg(config.group()).arg(consumerName)
                .arg("COUNT").arg(config.batchSize());
        if (!pending) {
            req.arg("BLOCK").arg(Math.max(1, config.pollInterval().toMillis()));
        }
        req.arg("STREAMS").arg(stream).arg(pending ? "0" : ">");
        return redis.send(req).map(r -> {
            if (r == null || r.size() == 0) {
                return List.of();
            }
            return entries(r.get(0).get(1));
        });
    }

    private List<Entry> entries(Response list) {
        List<Entry> out = new ArrayList<>();
        if (list == null) {
            return out;
        }
        for (Response e : list) {
            Response values = e.get(1);
            if (values == null) {
                continue; // deleted while pending: XAUTOCLAIM reports it without fields
            }
            String method = null;
            byte[] payload = null;
            List<String> fields = new ArrayList<>();
            for (int i = 0; i + 1 < values.size(); i += 2) {
                String field = values.get(i).toString();
                fields.add(field);
                fields.add(values.get(i + 1).toString());
                if (field.equals(config.methodField())) {
                    method = values.get(i + 1).toString();
                } else if (field.equals(config.payloadField())) {
                    payload = values.get(i + 1).toBytes();
                }
            }
            out.add(new Entry(e.get(0).toString(), method, payload == null ? new byte[0] : payload, fields));
        }
        return out;
    }

    /**
     * Applies the entries in order, then acknowledges those done (applied, or malformed and skipped or parked) with
     * one {@code XACK}, also when the batch stopped early; completes with false when the engine asked to retry.
     */
    private Future<Boolean> apply(String stream, List<Entry> entries) {
        List<String> done = new ArrayList<>();
        return applyFrom(stream, entries, 0, done).transform(applied -> ack(stream, done)
                .transform(acked -> applied.failed()
                        ? Future.failedFuture(applied.cause())
                        : acked.failed()
                                ? Future.failedFuture(acked.cause())
                                : Future.succeededFuture(applied
                                        .result())));
    }

    private Future<Boolean> applyFrom(String stream, List<Entry> entries, int index, List<String> done) {
        if (index >= entries.size()) {
            return Future.succeededFuture(true);
        }
        Entry entry = entries.get(index);
        Promise<RecordProcessor.Result> processed = Promise.promise();
        ctx.processor().process(entry.method, entry.payload).subscribe().with(processed::complete,
                processed::fail);
        return processed.future().compose(result -> {
            ctx.metrics().record(result.outcome());
            return switch (result.outcome()) {
                case RETRY -> {
                    log.info("engine_unavailable", "consumer " + ctx.name() + ": engine unavailable, pausing stream="
                            + stream + ": " + result.reason());
                    yield Future.succeededFuture(false);
                }
                case MALFORMED -> {
                    log.info("malformed", "consumer " + ctx.name() + ": malformed record stream=" + stream + " id="
                            + entry.id + ": " + result.reason());
                    yield park(stream, entry).compose(v -> {
                        done.add(entry.id);
                        return applyFrom(stream, entries, index + 1, done);
                    });
                }
                case APPLIED -> {
                    done.add(entry.id);
                    yield applyFrom(stream, entries, index + 1, done);
                }
            };
        });
    }

    private Future<Void> ack(String stream, List<String> ids) {
        if (ids.isEmpty()) {
            return Future.succeededFuture();
        }
        Request req = Request.cmd(Command.XACK).arg(stream).arg(config.group());
        ids.forEach(req::arg);
        return redis.send(req).mapEmpty();
    }

    private Future<Void> park(String stream, Entry entry) {
        if (config.onMalformed() != ConsumerConfig.MalformedPolicy.PARK) {
            return Future.succeededFuture();
        }
        Request req = Request.cmd(Command.XADD).arg(stream + ":parked").arg("*").arg("origin-id").arg(entry.id);
        entry.fields.forEach(f -> req.arg(Buffer.buffer(f.getBytes(StandardCharsets.UTF_8))));
        return redis.send(req).mapEmpty();
    }

    private void updateLag(String stream) {
        redis.send(Request.cmd(Command.XINFO).arg("GROUPS").arg(stream)).onSuccess(groups -> {
            for (Response g : groups) {
                for (int i = 0; i + 1 < g.size(); i += 2) {
                    if (g.get(i).toString().equals("name") && !g.get(i + 1).toString().equals(config.group())) {
                        break;
                    }
                    if (g.get(i).toString().equals("lag") && g.get(i + 1) != null) {
                        ctx.metrics().lag(g.get(i + 1).toLong());
                    }
                }
            }
        });
    }
}
