package io.pulsegate.engine.redis;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.function.Supplier;

import org.jboss.logging.Logger;

import io.pulsegate.engine.BrokerEventHandler;
import io.pulsegate.engine.HistoryQuery;
import io.pulsegate.engine.HistoryResult;
import io.pulsegate.engine.UnrecoverablePositionException;
import io.pulsegate.protocol.ClientInfo;
import io.pulsegate.protocol.Publication;
import io.pulsegate.protocol.StreamPosition;
import io.smallrye.mutiny.Uni;

/**
 * The inbound side of {@link RedisBroker}: the delivery state of each subscribed channel. Decodes pub/sub messages,
 * drops publications already delivered (by offset), and after a resubscription replays from the stream what each
 * channel missed, holding live messages back meanwhile, or reports a gap when the stream cannot cover it. Deliveries
 * of one channel are made one at a time, in offset order.
 */
final class ChannelFeeds {

    private static final Logger LOG = Logger.getLogger(ChannelFeeds.class);
    private static final long CATCH_UP_LIMIT = 10_000;

    /** Delivery state of one subscribed channel; guarded by itself. */
    private static final class ChannelState {
        long lastOffset;
        String epoch;
        boolean catchingUp;
        final List<byte[]> held = new ArrayList<>();
    }

    private final Map<String, ChannelState> channels = new ConcurrentHashMap<>();
    private final BiFunction<String, HistoryQuery, Uni<HistoryResult>> history;

    /** @param history reads a channel's stream (the broker's own history read) */
    ChannelFeeds(BiFunction<String, HistoryQuery, Uni<HistoryResult>> history) {
        this.history = history;
    }

    void add(String channel) {
        channels.computeIfAbsent(channel, c -> new ChannelState());
    }

    void remove(String channel) {
        channels.remove(channel);
    }

    /** One pub/sub message of a client channel; messages of channels not subscribed are dropped. */
    void deliver(String channel, byte[] message, BrokerEventHandler h) {
        ChannelState state = channels.get(channel);
        if (state == null) {
            return;
        }
        synchronized (state) {
            if (state.catchingUp) {
                state.held.add(message);
                return;
            }
            dispatch(channel, state, message, h);
        }
    }

    /**
     * Lock on {@code state} held. A malformed message (a strict {@link PubSubMessage} header, then a
     * {@link RedisCodec} payload) is logged and dropped, and so is a handler failure; the feed goes on either way.
     */
    private void dispatch(String channel, ChannelState state, byte[] message, BrokerEventHandler h) {
        try {
            PubSubMessage m = PubSubMessage.parse(message);
            if (m == null) {
                LOG.debugf("unknown engine message type channel=%s", channel);
            } else if (m.type() != PubSubMessage.PUBLICATION) {
                ClientInfo info = RedisCodec.clientInfo(m.payload());
                if (m.type() == PubSubMessage.JOIN) {
                    h.onJoin(channel, info);
                } else {
                    h.onLeave(channel, info);
                }
            } else if (isNew(state, m)) {
                RedisCodec.Decoded decoded = RedisCodec.decode(m.payload(), m.offset());
                h.onPublication(channel, decoded.publication(), m.epoch(), decoded.delta());
            }
        } catch (RuntimeException e) {
            LOG.warnf("undecodable engine message channel=%s: %s", channel, e.toString());
        }
    }

    /** Lock on {@code state} held. Records a positioned publication's offset; false for one already delivered. */
    private static boolean isNew(ChannelState state, PubSubMessage m) {
        if (m.offset() == 0) {
            return true;
        }
        if (m.epoch().equals(state.epoch) && m.offset() <= state.lastOffset) {
            return false;
        }
        state.lastOffset = m.offset();
        state.epoch = m.epoch();
        return true;
    }

    /** After a resubscription: replay each channel's missed publications from its stream, or report a gap. */
    void catchUpAll(Supplier<BrokerEventHandler> handler) {
        channels.forEach((channel, state) -> catchUp(channel, state, handler));
    }

    private void catchUp(String channel, ChannelState state, Supplier<BrokerEventHandler> handlers) {
        StreamPosition since;
        synchronized (state) {
            if (state.epoch == null) {
                return;
            }
            state.catchingUp = true;
            since = new StreamPosition(state.lastOffset, state.epoch);
        }
        history.apply(channel, new HistoryQuery(since, (int) CATCH_UP_LIMIT, false)).subscribe().with(h -> {
            BrokerEventHandler handler = handlers.get();
            synchronized (state) {
                int replayed = 0;
                for (Publication p : h.publications()) {
                    if (p.offset() > state.lastOffset) {
                        state.lastOffset = p.offset();
                        handler.onPublication(channel, p, state.epoch, false); // replayed in full
                        replayed++;
                    }
                }
                if (replayed > 0) {
                    LOG.infof("caught up from the stream channel=%s publications=%d", channel, replayed);
                }
                release(channel, state, handler);
            }
        }, failure -> {
            BrokerEventHandler handler = handlers.get();
            boolean gap = failure instanceof UnrecoverablePositionException;
            LOG.infof("catch-up %s channel=%s: %s", gap ? "impossible, reporting gap" : "failed, retried on reconnect",
                    channel, failure.toString());
            synchronized (state) {
                if (gap) {
                    handler.onGap(channel);
                    state.epoch = null;
                }
                release(channel, state, handler);
            }
        });
    }

    /** Lock on {@code state} held. */
    private void release(String channel, ChannelState state, BrokerEventHandler h) {
        state.catchingUp = false;
        for (byte[] message : state.held) {
            dispatch(channel, state, message, h);
        }
        state.held.clear();
    }
}
