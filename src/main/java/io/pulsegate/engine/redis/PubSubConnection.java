package io.pulsegate.engine.redis;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

import org.jboss.logging.Logger;

import io.pulsegate.engine.EngineUnavailableException;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import io.vertx.redis.client.ResponseType;

/**
 * The node's one dedicated pub/sub connection. It remembers which channels the node wants; when the connection is
 * lost it reconnects with exponential backoff and subscribes every channel again (the Vert.x client does not), then
 * reports the resubscription so the broker can replay what was missed in between.
 *
 * <p>
 * Messages are handed over in arrival order on the connection's event loop. Never blocks.
 */
final class PubSubConnection {

    private static final Logger LOG = Logger.getLogger(PubSubConnection.class);

    private final Vertx vertx;
    private final RedisOptions options;
    private final BiConsumer<String, byte[]> onMessage;
    private final Runnable onResubscribed;
    private final Duration minDelay;
    private final Duration maxDelay;
    /** Wanted pub/sub channels, each with whether it is a sharded (SSUBSCRIBE) channel. */
    private final java.util.Map<String, Boolean> channels = new ConcurrentHashMap<>();
    private volatile RedisConnection connection;
    private volatile boolean closed;
    private volatile long downSince = System.nanoTime();
    private Redis client;
    private long delayMillis;

    PubSubConnection(Vertx vertx, RedisOptions options, BiConsumer<String, byte[]> onMessage,
            Runnable onResubscribed, Duration minDelay, Duration maxDelay) {
        this.vertx = vertx;
        this.options = new RedisOptions(options).setMaxPoolSize(1).setMaxPoolWaiting(16);
        this.onMessage = onMessage;
        this.onResubscribed = onResubscribed;
        this.minDelay = minDelay;
        this.maxDelay = maxDelay;
        this.delayMillis = minDelay.toMillis();
    }

    void start() {
        connect(false);
    }

    /** @return whether the subscription connection is up */
    boolean connected() {
        return connection != null;
    }

    /** @return nanoTime since when the connection is down, or 0 while it is up */
    long downSince() {
        return connection == null ? downSince : 0;
    }

    /** Subscribes a classic pub/sub channel; fails (temporary) while Redis is unreachable. */
    Uni<Void> subscribe(String channel) {
        return subscribe(channel, false);
    }

    /**
     * Subscribes a channel; a sharded one (Redis 7 SSUBSCRIBE) is served by the cluster shard owning its slot, so
     * its traffic stays inside that shard.
     */
    Uni<Void> subscribe(String channel, boolean sharded) {
        channels.put(channel, sharded);
        return send(sharded ? Command.SSUBSCRIBE : Command.SUBSCRIBE, channel);
    }

    Uni<Void> unsubscribe(String channel) {
        Boolean sharded = channels.remove(channel);
        return connection == null || sharded == null
                ? Uni.createFrom().voidItem()
                : send(sharded ? Command.SUNSUBSCRIBE : Command.UNSUBSCRIBE, channel);
    }

    /** Drops the connection as if Redis had closed it (probe failure); reconnect follows. */
    void reset() {
        quietly(connection);
    }

    void close() {
        closed = true;
        RedisConnection c = connection;
        connection = null;
        quietly(c);
        if (client != null) {
            client.close();
        }
    }

    /**
     * Closes a connection, ignoring failures: Vert.x 4.5's cluster connection recycles its pooled node connections
     * twice on close and throws, after having closed them.
     */
    private static void quietly(RedisConnection c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (IllegalStateException e) {
            LOG.debugf("redis connection close: %s", e.toString());
        }
    }

    private Uni<Void> send(Command command, String channel) {
        RedisConnection c = connection;
        if (c == null) {
            return Uni.createFrom().failure(new EngineUnavailableException("redis pub/sub connection down"));
        }
        return Uni.createFrom().completionStage(() -> c.send(Request.cmd(command).arg(channel)).toCompletionStage())
                .ifNoItem().after(maxDelay).failWith(() -> new EngineUnavailableException("redis did not answer"))
                .replaceWithVoid();
    }

    private void connect(boolean resubscribe) {
        if (closed) {
            return;
        }
        if (client != null) {
            client.close();
        }
        client = Redis.createClient(vertx, options);
        client.connect().onSuccess(c -> {
            c.handler(this::onResponse);
            c.exceptionHandler(e -> lost(c, e.toString()));
            c.endHandler(v -> lost(c, "connection closed"));
            Uni<Void> all = Uni.createFrom().voidItem();
            for (java.util.Map.Entry<String, Boolean> wanted : channels.entrySet()) {
                Request request = Request.cmd(wanted.getValue() ? Command.SSUBSCRIBE : Command.SUBSCRIBE)
                        .arg(wanted.getKey());
                all = all.chain(() -> Uni.createFrom().completionStage(() -> c.send(request).toCompletionStage()))
                        .replaceWithVoid();
            }
            all.subscribe().with(ok -> {
                connection = c;
                delayMillis = minDelay.toMillis();
                LOG.infof("redis pub/sub connected channels=%d", channels.size());
                if (resubscribe) {
                    onResubscribed.run();
                }
            }, failure -> lost(c, failure.toString()));
        }).onFailure(e -> retry(e.toString()));
    }

    private void lost(RedisConnection c, String why) {
        if (connection == c || connection == null) {
            if (connection != null) {
                downSince = System.nanoTime();
            }
            connection = null;
            quietly(c);
            retry(why);
        }
    }

    private void retry(String why) {
        if (closed) {
            return;
        }
        long delay = delayMillis;
        delayMillis = Math.min(maxDelay.toMillis(), delayMillis * 2);
        LOG.warnf("redis pub/sub unavailable, retrying in %dms: %s", delay, why);
        vertx.setTimer(Math.max(1, delay), t -> connect(true));
    }

    private static boolean isMessage(String kind) {
        return "message".equals(kind) || "smessage".equals(kind);
    }

    private void onResponse(Response response) {
        if (response == null || (response.type() != ResponseType.MULTI && response.type() != ResponseType.PUSH)
                || response.size() < 3 || !isMessage(response.get(0).toString())) {
            return;
        }
        Buffer payload = response.get(2).toBuffer();
        onMessage.accept(response.get(1).toString(), payload.getBytes());
    }
}
