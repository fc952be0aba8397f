package io.pulsegate.engine.memory;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

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

/**
 * The embedded single-node engine: history streams in memory, delivery by a direct call of the handler.
 *
 * <p>
 * Streams: offsets start at 1 and grow by 1; the epoch is a random 8-letter string chosen when the stream's meta is
 * created. A stream keeps the newest {@code historySize} publications for {@code historyTtl} after the last publish;
 * its meta lives {@code historyMetaTtl} after the last publish (default {@link #DEFAULT_META_TTL}). After that the
 * next read or publish starts a new epoch at offset 0, so old client positions are unrecoverable. Channels without
 * history keep nothing at all.
 *
 * <p>
 * Concurrency: each channel's {@link ChannelStream} monitor is the per-channel lock. {@code publish} assigns the
 * offset, appends and calls the handler while holding it, so one channel's deliveries are in offset order even with
 * many publishing threads. The handler therefore runs on the publisher's thread with that lock held: it must not
 * block and must not synchronously publish into another channel from inside the callback (lock-order deadlock).
 *
 * <p>
 * Expiry is lazy on access. Streams whose meta expired stay in memory until touched or until {@link #sweep()} runs;
 * the node should call {@code sweep()} on a timer (e.g. every minute). No threads are started here.
 *
 * <p>
 * Results are lazy {@link Uni}s: the operation runs on subscription, synchronously, and each subscription runs it
 * again, so do not blindly retry a publish. Methods never block.
 */
public final class MemoryBroker implements Broker {

    /** Meta TTL used when the publish options give none, and for streams created by a read (Centrifugo: 720h). */
    public static final Duration DEFAULT_META_TTL = Duration.ofDays(30);

    private static final Logger LOG = Logger.getLogger(MemoryBroker.class);

    private final Clock clock;
    private final long defaultMetaTtlMillis;
    private final Epochs epochs;
    private final ConcurrentHashMap<String, ChannelStream> streams = new ConcurrentHashMap<>();
    private final Set<String> subscribed = ConcurrentHashMap.newKeySet();
    private final ConcurrentHashMap<String, Idempotent> idempotent = new ConcurrentHashMap<>();
    private volatile BrokerEventHandler handler;

    /** A broker on the system UTC clock with the default meta TTL. */
    public MemoryBroker() {
        this(Clock.systemUTC());
    }

    /** @param clock time source for all expiry decisions; tests pass a controllable one */
    public MemoryBroker(Clock clock) {
        this(clock, DEFAULT_META_TTL);
    }

    /**
     * @param clock time source for all expiry decisions
     * @param defaultMetaTtl meta TTL when the publish options give none and for streams created by a read; zero or
     *        {@code null} means {@link #DEFAULT_META_TTL}
     */
    public MemoryBroker(Clock clock, Duration defaultMetaTtl) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.defaultMetaTtlMillis = millis(defaultMetaTtl, DEFAULT_META_TTL.toMillis());
        this.epochs = new Epochs();
    }

    @Override
    public void setEventHandler(BrokerEventHandler handler) {
        this.handler = handler;
    }

    @Override
    public Uni<StreamPosition> publish(String channel, Publication publication, PublishOptions options) {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(publication, "publication");
        Objects.requireNonNull(options, "options");
        return Uni.createFrom().item(() -> doPublish(channel, publication, options));
    }

    /** A remembered idempotent publish: its result ({@code null} position without history) until it expires. */
    private record Idempotent(StreamPosition position, long expiresAt) {}

    private StreamPosition doPublish(String channel, Publication publication, PublishOptions options) {
        if (!options.idempotent()) {
            return publishOnce(channel, publication, options);
        }
        long now = clock.millis();
        // compute() holds the key's bin lock: a concurrent repeat waits for the first and then sees its result
        return idempotent.compute(channel + '\u0000' + options.idempotencyKey(), (key, seen) -> seen != null
                && seen.expiresAt > now
                        ? seen
                        : new Idempotent(publishOnce(channel, publication, options),
                                now + options.idempotencyTtl().toMillis()))
                .position();
    }

    private StreamPosition publishOnce(String channel, Publication publication, PublishOptions options) {
        if (!options.keepsHistory()) {
            // No stream, no lock: nothing is kept, so nothing can grow and there is no offset to order by.
            deliver(channel, publication.offset() == 0 ? publication : publication.withOffset(0), null,
                    options.delta());
            return null;
        }
        long ttl = millis(options.historyTtl(), 0);
        long metaTtl = millis(options.historyMetaTtl(), defaultMetaTtlMillis);
        return withStream(channel, stream -> {
            Publication kept = stream.append(publication, options.historySize(), clock.millis(), ttl, metaTtl);
            StreamPosition position = stream.position();
            // Still under the channel lock: delivery order == offset order.
            deliver(channel, kept, position.epoch(), options.delta());
            return position;
        });
    }

    @Override
    public Uni<Void> publishJoin(String channel, ClientInfo info) {
        Objects.requireNonNull(info, "info");
        return Uni.createFrom().item(() -> {
            deliverPresence(channel, info, true);
            return null;
        });
    }

    @Override
    public Uni<Void> publishLeave(String channel, ClientInfo info) {
        Objects.requireNonNull(info, "info");
        return Uni.createFrom().item(() -> {
            deliverPresence(channel, info, false);
            return null;
        });
    }

    @Override
    public Uni<Void> subscribe(String channel) {
        Objects.requireNonNull(channel, "channel");
        return Uni.createFrom().item(() -> {
            subscribed.add(channel);
            return null;
        });
    }

    @Override
    public Uni<Void> unsubscribe(String channel) {
        return Uni.createFrom().item(() -> {
            subscribed.remove(channel);
            return null;
        });
    }

    /**
     * Reads a channel's history.
     * <ul>
     * <li>{@code since == null}: from the oldest kept publication, or from the newest when {@code reverse}.</li>
     * <li>{@code since} given, forward: publications with offset {@code > since.offset}, oldest first.</li>
     * <li>{@code since} given, reverse: publications with offset {@code < since.offset}, newest first.</li>
     * <li>{@code limit}: 0 returns only the top position, negative returns everything, else at most that many.</li>
     * <li>Fails with {@link UnrecoverablePositionException} when {@code since} has another epoch, an offset beyond
     * the top, or (forward) publications right after it were already trimmed or expired. Checked for any limit.</li>
     * <li>A channel without a stream gets one (offset 0, fresh epoch) so the position is stable between calls.</li>
     * </ul>
     */
    @Override
    public Uni<HistoryResult> history(String channel, HistoryQuery query) {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(query, "query");
        return Uni.createFrom().item(() -> withStream(channel, stream -> stream.read(query)));
    }

    @Override
    public Uni<Void> removeHistory(String channel) {
        return Uni.createFrom().item(() -> {
            ChannelStream stream = streams.get(channel);
            if (stream != null) {
                synchronized (stream) {
                    // A stream already swept needs no clearing; a meta-expired one is renewed by the next access.
                    stream.clear();
                }
            }
            return null;
        });
    }

    /**
     * Purges expired data: drops streams whose meta expired and clears publications past their TTL. Cheap (one pass,
     * one short lock per channel, no allocation per live channel); call it periodically from the node.
     *
     * @return how many streams were dropped
     */
    public int sweep() {
        long at = clock.millis();
        idempotent.values().removeIf(seen -> seen.expiresAt <= at);
        int dropped = 0;
        for (Map.Entry<String, ChannelStream> entry : streams.entrySet()) {
            ChannelStream stream = entry.getValue();
            synchronized (stream) {
                long now = clock.millis();
                if (stream.metaExpired(now)) {
                    stream.removed = true;
                    streams.remove(entry.getKey(), stream);
                    dropped++;
                } else {
                    stream.expire(now, epochs, defaultMetaTtlMillis);
                }
            }
        }
        return dropped;
    }

    /** @return number of channels with a stream in memory (tests and metrics) */
    public int streamCount() {
        return streams.size();
    }

    /**
     * Runs {@code action} on the channel's live stream with its lock held, after applying lazy expiry. Also the
     * per-channel lock of {@link MemoryMapStore}.
     */
    <T> T withStream(String channel, Function<ChannelStream, T> action) {
        while (true) {
            ChannelStream stream = streams.computeIfAbsent(channel,
                    k -> new ChannelStream(epochs.next(), ChannelStream.plus(clock.millis(), defaultMetaTtlMillis)));
            synchronized (stream) {
                if (stream.removed) {
                    continue; // swept between lookup and lock; look up (or create) the current one
                }
                stream.expire(clock.millis(), epochs, defaultMetaTtlMillis);
                return action.apply(stream);
            }
        }
    }

    /**
     * Lock held: drops the channel's stream so that the next access starts a new epoch at offset 0 (a map clear).
     */
    void dropStream(String channel, ChannelStream stream) {
        stream.removed = true;
        streams.remove(channel, stream);
    }

    /** Calls the handler if this node subscribed the channel. A failing handler must not fail the publish. */
    void deliver(String channel, Publication publication, String epoch, boolean delta) {
        BrokerEventHandler h = handler;
        if (h == null || !subscribed.contains(channel)) {
            return;
        }
        try {
            h.onPublication(channel, publication, epoch, delta);
        } catch (RuntimeException e) {
            LOG.errorf(e, "Event handler failed for a publication in channel %s", channel);
        }
    }

    /** Calls the handler's join or leave if this node subscribed the channel; handler failures are only logged. */
    private void deliverPresence(String channel, ClientInfo info, boolean join) {
        BrokerEventHandler h = handler;
        if (h == null || !subscribed.contains(channel)) {
            return;
        }
        try {
            if (join) {
                h.onJoin(channel, info);
            } else {
                h.onLeave(channel, info);
            }
        } catch (RuntimeException e) {
            LOG.errorf(e, "Event handler failed for a join/leave in channel %s", channel);
        }
    }

    /** Positive durations in millis (saturated), otherwise {@code fallback}. */
    private static long millis(Duration duration, long fallback) {
        if (duration == null || duration.isZero() || duration.isNegative()) {
            return fallback;
        }
        try {
            return duration.toMillis();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    /** Single node: control messages go straight to this node's handler. */
    @Override
    public Uni<Void> publishControl(byte[] message) {
        return Uni.createFrom().item(() -> {
            BrokerEventHandler h = handler;
            if (h != null) {
                h.onControl(message);
            }
            return null;
        });
    }
}
