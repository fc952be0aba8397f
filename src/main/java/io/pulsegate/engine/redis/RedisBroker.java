package io.pulsegate.engine.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.jboss.logging.Logger;

import io.pulsegate.engine.Broker;
import io.pulsegate.engine.BrokerEventHandler;
import io.pulsegate.engine.Epochs;
import io.pulsegate.engine.HistoryQuery;
import io.pulsegate.engine.HistoryResult;
import io.pulsegate.engine.PublishOptions;
import io.pulsegate.engine.UnrecoverablePositionException;
import io.pulsegate.protocol.ClientInfo;
import io.pulsegate.protocol.Publication;
import io.pulsegate.protocol.StreamPosition;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

/**
 * {@link Broker} on Redis: a Lua script appends each publication to the channel's stream and PUBLISHes it with its
 * offset and epoch in one atomic step; every node receives it on its single pub/sub connection. After that
 * connection is re-established, the broker replays from the stream whatever each channel missed, and reports a gap
 * only when the stream cannot cover it.
 *
 * <p>
 * Thread-safe; never blocks. Deliveries for one channel are made one at a time, in offset order.
 */
public final class RedisBroker implements Broker, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(RedisBroker.class);
    private static final Duration DEFAULT_META_TTL = Duration.ofDays(30);

    private final Redis redis;
    private final PubSubConnection pubsub;
    private final Keys keys;
    private final Epochs epochs = new Epochs();
    private final ChannelFeeds feeds;
    private volatile BrokerEventHandler handler;
    private final Vertx vertx;
    private final Duration timeout;
    private final boolean shardedPubSub;
    private final String probeChannel;
    private volatile long probeSentNanos;
    private volatile long probeSeenNanos;
    private final java.util.concurrent.atomic.AtomicInteger probeResets = new java.util.concurrent.atomic.AtomicInteger();
    private final java.util.concurrent.atomic.AtomicInteger probesDelivered = new java.util.concurrent.atomic.AtomicInteger();

    public RedisBroker(Vertx vertx, RedisOptions options, String prefix, Duration reconnectMin, Duration reconnectMax,
            Duration commandTimeout) {
        this(vertx, options, prefix, reconnectMin, reconnectMax, commandTimeout, false);
    }

    /**
     * @param shardedPubSub use Redis 7 sharded pub/sub (SPUBLISH/SSUBSCRIBE) for channel traffic, so on Redis
     *        Cluster a channel's messages stay inside the shard that owns its slot
     */
    public RedisBroker(Vertx vertx, RedisOptions options, String prefix, Duration reconnectMin, Duration reconnectMax,
            Duration commandTimeout, boolean shardedPubSub) {
        this(vertx, options, options, prefix, reconnectMin, reconnectMax, commandTimeout, shardedPubSub);
    }

    /**
     * Test seam: the pub/sub connection may point elsewhere than the command client, which reproduces a subscription
     * that answers but never receives what this node publishes (e.g. attached to a detached replica).
     */
    RedisBroker(Vertx vertx, RedisOptions options, RedisOptions pubsubOptions, String prefix, Duration reconnectMin,
            Duration reconnectMax, Duration commandTimeout, boolean shardedPubSub) {
        this.shardedPubSub = shardedPubSub;
        this.redis = Redis.createClient(vertx, options);
        this.timeout = commandTimeout;
        this.vertx = vertx;
        this.keys = new Keys(prefix);
        this.probeChannel = keys.probe(java.util.UUID.randomUUID().toString());
        this.feeds = new ChannelFeeds(this::history);
        this.pubsub = new PubSubConnection(vertx, pubsubOptions, this::onMessage, () -> feeds.catchUpAll(() -> handler),
                reconnectMin,
                reconnectMax);
    }

    /** Opens the pub/sub connection (retrying in the background until Redis answers). */
    public void start() {
        pubsub.start();
        pubsub.subscribe(keys.control()).subscribe().with(ok -> {
        }, failure -> LOG.debug("control channel subscribed on connect"));
        pubsub.subscribe(probeChannel).subscribe().with(ok -> {
        }, failure -> LOG.debug("probe channel subscribed on connect"));
    }

    /**
     * Detects a subscription that answers but delivers nothing (e.g. attached to a detached replica): every
     * {@code interval} the node publishes to its own probe channel; if the previous probe never came back while the
     * connection claimed to be up, the pub/sub connection is restarted (and channels caught up).
     */
    public void startProbe(Duration interval) {
        vertx.setPeriodic(Math.max(100, interval.toMillis()), t -> probe());
    }

    /** @return how many times the probe found the subscription deaf and restarted it */
    public int probeResets() {
        return probeResets.get();
    }

    /** @return how many probes came back through the subscription */
    public int probesDelivered() {
        return probesDelivered.get();
    }

    private void probe() {
        if (!pubsub.connected()) {
            probeSentNanos = 0;
            return;
        }
        if (probeSentNanos != 0 && probeSeenNanos < probeSentNanos) {
            LOG.warn("redis pub/sub probe not delivered: restarting the subscription connection");
            probeResets.incrementAndGet();
            probeSentNanos = 0;
            pubsub.reset();
            return;
        }
        probeSentNanos = System.nanoTime();
        send(Request.cmd(Command.PUBLISH).arg(probeChannel).arg("probe")).subscribe().with(ok -> {
        }, failure -> probeSentNanos = 0);
    }

    /** @return whether the pub/sub connection is up */
    public boolean connected() {
        return pubsub.connected();
    }

    /** @return nanoTime since when Redis is unreachable, 0 while connected */
    public long downSince() {
        return pubsub.downSince();
    }

    @Override
    public void setEventHandler(BrokerEventHandler handler) {
        this.handler = handler;
    }

    @Override
    public Uni<StreamPosition> publish(String channel, Publication publication, PublishOptions options) {
        byte[] payload = RedisCodec.publication(publication, options.delta());
        long idempotencyTtl = options.idempotent() ? Math.max(1, options.idempotencyTtl().toMillis()) : 0;
        if (!options.keepsHistory()) {
            byte[] message = concat("p0::".getBytes(StandardCharsets.US_ASCII), payload);
            if (options.idempotent()) {
                return Scripts.PUBLISH_ONCE.run(redis, timeout, List.of(keys.idempotency(channel,
                        options.idempotencyKey())), idempotencyTtl, keys.pubsub(channel), message,
                        shardedPubSub ? "spublish" : "publish")
                        .replaceWith((StreamPosition) null).onFailure().transform(RedisBroker::unavailable);
            }
            return send(Request.cmd(publishCommand()).arg(keys.pubsub(channel)).arg(Buffer.buffer(message)))
                    .replaceWith((StreamPosition) null);
        }
        long ttl = options.historyTtl().toMillis();
        long metaTtl = Math.max(ttl, metaTtl(options).toMillis());
        return Scripts.PUBLISH.run(redis, timeout, List.of(keys.stream(channel), keys.meta(channel),
                keys.idempotency(channel, options.idempotencyKey())), payload, options.historySize(), ttl, metaTtl,
                keys.pubsub(channel), epochs.next(), shardedPubSub ? "spublish" : "publish", idempotencyTtl)
                .map(r -> new StreamPosition(r.get(0).toLong(), r.get(1).toString()))
                .onFailure().transform(RedisBroker::unavailable);
    }

    @Override
    public Uni<Void> publishJoin(String channel, ClientInfo info) {
        return publishControl(channel, 'j', info);
    }

    @Override
    public Uni<Void> publishLeave(String channel, ClientInfo info) {
        return publishControl(channel, 'l', info);
    }

    @Override
    public Uni<Void> subscribe(String channel) {
        feeds.add(channel);
        return pubsub.subscribe(keys.pubsub(channel), shardedPubSub);
    }

    @Override
    public Uni<Void> unsubscribe(String channel) {
        feeds.remove(channel);
        return pubsub.unsubscribe(keys.pubsub(channel));
    }

    @Override
    public Uni<Void> publishControl(byte[] message) {
        return send(Request.cmd(Command.PUBLISH).arg(keys.control()).arg(Buffer.buffer(message))).replaceWithVoid();
    }

    @Override
    public Uni<HistoryResult> history(String channel, HistoryQuery query) {
        StreamPosition since = query.since();
        boolean read = query.limit() != 0;
        String from;
        String to;
        if (query.reverse()) {
            from = since == null ? "+" : since.offset() <= 1 ? "0-0" : (since.offset() - 1) + "-0";
            to = "-";
        } else {
            from = since == null ? "-" : (since.offset() + 1) + "-0";
            to = "+";
        }
        if (query.reverse() && since != null && since.offset() <= 1) {
            read = false;
        }
        int count = query.limit() < 0 ? -1 : query.limit();
        return Scripts.HISTORY.run(redis, timeout, List.of(keys.stream(channel), keys.meta(channel)), epochs.next(),
                DEFAULT_META_TTL.toMillis(), read ? 1 : 0, query.reverse() ? 1 : 0, from, to, count)
                .onFailure().transform(RedisBroker::unavailable)
                .map(r -> toHistory(r, since, query.reverse()));
    }

    @Override
    public Uni<Void> removeHistory(String channel) {
        return send(Request.cmd(Command.DEL).arg(keys.stream(channel))).replaceWithVoid();
    }

    @Override
    public void close() {
        pubsub.close();
        redis.close();
    }

    private HistoryResult toHistory(Response r, StreamPosition since, boolean reverse) {
        long top = r.get(0) == null ? 0 : r.get(0).toLong();
        String epoch = r.get(1).toString();
        StreamPosition position = new StreamPosition(top, epoch);
        String oldestId = r.get(2).toString();
        long oldest = oldestId.isEmpty() ? top + 1 : Long.parseLong(oldestId.substring(0, oldestId.indexOf('-')));
        if (since != null && !canServe(since, position, oldest, reverse)) {
            throw new UnrecoverablePositionException(since, position);
        }
        List<Publication> publications = new ArrayList<>();
        for (Response entry : r.get(3)) {
            String id = entry.get(0).toString();
            long offset = Long.parseLong(id.substring(0, id.indexOf('-')));
            publications.add(RedisCodec.publication(entry.get(1).get(1).toBytes(), offset));
        }
        return new HistoryResult(publications, position);
    }

    /** Same rule as the memory engine: same epoch, not beyond the top, and forward reads must not skip trimmed data. */
    private static boolean canServe(StreamPosition since, StreamPosition top, long oldest, boolean reverse) {
        if (!since.epochMatches(top.epoch()) || since.offset() < 0
                || since.offset() > top.offset()) {
            return false;
        }
        return reverse || since.offset() >= oldest - 1;
    }

    private Uni<Void> publishControl(String channel, char type, ClientInfo info) {
        byte[] message = concat(new byte[]{(byte) type}, RedisCodec.clientInfo(info));
        return send(Request.cmd(publishCommand()).arg(keys.pubsub(channel)).arg(Buffer.buffer(message)))
                .replaceWithVoid();
    }

    private Command publishCommand() {
        return shardedPubSub ? Command.SPUBLISH : Command.PUBLISH;
    }

    private Uni<Response> send(Request request) {
        return Uni.createFrom().completionStage(() -> redis.send(request).toCompletionStage())
                .ifNoItem().after(timeout).fail()
                .onFailure().transform(RedisBroker::unavailable);
    }

    // ---- delivery (pub/sub connection's event loop) ----

    private void onMessage(String pubsubChannel, byte[] message) {
        BrokerEventHandler h = handler;
        if (pubsubChannel.equals(probeChannel)) {
            probeSeenNanos = System.nanoTime();
            probesDelivered.incrementAndGet();
            return;
        }
        if (h != null && pubsubChannel.equals(keys.control())) {
            h.onControl(message);
            return;
        }
        String channel = keys.channelOf(pubsubChannel);
        if (channel != null && h != null && message.length > 0) {
            feeds.deliver(channel, message, h);
        }
    }

    private static Duration metaTtl(PublishOptions options) {
        Duration meta = options.historyMetaTtl();
        return meta == null || meta.isZero() || meta.isNegative() ? DEFAULT_META_TTL : meta;
    }

    private static Throwable unavailable(Throwable failure) {
        return failure instanceof UnrecoverablePositionException
                ? failure
                : new io.pulsegate.engine.EngineUnavailableException("redis: " + failure.getMessage());
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
