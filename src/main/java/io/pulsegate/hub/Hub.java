package io.pulsegate.hub;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import org.jboss.logging.Logger;

import io.pulsegate.engine.Broker;
import io.pulsegate.engine.BrokerEventHandler;
import io.pulsegate.protocol.ClientInfo;
import io.pulsegate.protocol.DisconnectCode;
import io.pulsegate.protocol.ProtocolCodec;
import io.pulsegate.protocol.ProtocolException;
import io.pulsegate.protocol.Publication;
import io.pulsegate.protocol.Push;
import io.pulsegate.protocol.PushBody;
import io.pulsegate.protocol.Reply;
import io.smallrye.mutiny.Uni;

/**
 * This node's index of channel → local subscribers, and the fan-out of broker deliveries to them. A publication is
 * encoded once per wire format and the same bytes are handed to every subscriber of that format. The node subscribes
 * to a channel at the broker when the channel gets its first local subscriber and unsubscribes when it loses the last.
 *
 * <p>
 * Thread-safe. Deliveries may arrive on any thread; nothing here blocks.
 */
public final class Hub implements BrokerEventHandler {

    private static final Logger LOG = Logger.getLogger(Hub.class);

    private final Broker broker;
    private final Map<String, Set<Subscriber>> channels = new ConcurrentHashMap<>();
    private volatile java.util.function.Consumer<byte[]> controlListener = message -> {
    };

    public Hub(Broker broker) {
        this.broker = broker;
    }

    /**
     * Adds a local subscriber; completes once the node receives the channel from the broker. Deliveries to the
     * subscriber may start before completion.
     */
    public Uni<Void> subscribe(String channel, Subscriber subscriber) {
        boolean[] first = new boolean[1];
        channels.compute(channel, (name, set) -> {
            Set<Subscriber> result = set == null ? ConcurrentHashMap.newKeySet() : set;
            first[0] = result.isEmpty();
            result.add(subscriber);
            return result;
        });
        return first[0] ? broker.subscribe(channel) : Uni.createFrom().voidItem();
    }

    /** Removes a local subscriber; idempotent. */
    public void unsubscribe(String channel, Subscriber subscriber) {
        boolean[] last = new boolean[1];
        channels.computeIfPresent(channel, (name, set) -> {
            set.remove(subscriber);
            last[0] = set.isEmpty();
            return last[0] ? null : set;
        });
        if (last[0]) {
            broker.unsubscribe(channel).subscribe().with(ok -> resubscribeIfNeeded(channel),
                    failure -> LOG.debugf("broker unsubscribe failed channel=%s: %s", channel, failure.getMessage()));
        }
    }

    /**
     * A subscriber may have arrived while the node was unsubscribing (the broker calls of two threads can reach Redis
     * in either order); subscribing again makes sure a channel with local subscribers is always received.
     */
    private void resubscribeIfNeeded(String channel) {
        if (channels.containsKey(channel)) {
            broker.subscribe(channel).subscribe().with(ok -> {
            }, failure -> LOG.debugf("broker resubscribe failed channel=%s: %s", channel, failure.getMessage()));
        }
    }

    /** @return the number of channels with local subscribers */
    public int channelCount() {
        return channels.size();
    }

    /** @return local subscriptions summed over all channels */
    public long subscriptionCount() {
        long total = 0;
        for (Set<Subscriber> set : channels.values()) {
            total += set.size();
        }
        return total;
    }

    /** @return local subscriber counts by channel name */
    public Map<String, Integer> channelSizes() {
        Map<String, Integer> sizes = new java.util.TreeMap<>();
        channels.forEach((name, set) -> sizes.put(name, set.size()));
        return sizes;
    }

    @Override
    public void onPublication(String channel, Publication publication, String epoch) {
        Set<Subscriber> subscribers = channels.get(channel);
        if (subscribers == null || subscribers.isEmpty()) {
            return;
        }
        long received = System.nanoTime();
        Encodings encodings = new Encodings(new Push(channel, publication));
        for (Subscriber s : subscribers) {
            byte[] frame = encodings.frame(s.codec());
            if (frame == null) {
                s.disconnect(DisconnectCode.INAPPROPRIATE_PROTOCOL);
            } else {
                s.onPublication(channel, frame, publication.offset(), epoch, received);
            }
        }
    }

    @Override
    public void onJoin(String channel, ClientInfo info) {
        joinLeave(channel, new PushBody.Join(info));
    }

    @Override
    public void onLeave(String channel, ClientInfo info) {
        joinLeave(channel, new PushBody.Leave(info));
    }

    /** Where node-to-node control messages go (the node's control plane). */
    public void onControlMessages(java.util.function.Consumer<byte[]> listener) {
        this.controlListener = listener;
    }

    @Override
    public void onControl(byte[] message) {
        controlListener.accept(message);
    }

    @Override
    public void onGap(String channel) {
        Set<Subscriber> subscribers = channels.get(channel);
        if (subscribers != null) {
            subscribers.forEach(s -> s.onGap(channel));
        }
    }

    private void joinLeave(String channel, PushBody body) {
        Set<Subscriber> subscribers = channels.get(channel);
        if (subscribers == null || subscribers.isEmpty()) {
            return;
        }
        Encodings encodings = new Encodings(new Push(channel, body));
        for (Subscriber s : subscribers) {
            byte[] frame = encodings.frame(s.codec());
            if (frame != null) {
                s.onJoinLeave(channel, frame);
            }
        }
    }

    /**
     * Lazily encodes one push once per codec: per wire format and framing (bidirectional transports wrap pushes in a
     * reply, unidirectional ones send them bare through a shared decorating codec), so at most a handful of encodings
     * per delivery. Used by one delivery on one thread.
     */
    private static final class Encodings {
        private static final byte[] UNREPRESENTABLE = new byte[0];
        private final Push push;
        private final Map<ProtocolCodec, byte[]> frames = new java.util.HashMap<>(8);

        Encodings(Push push) {
            this.push = push;
        }

        /** @return the encoded reply-wrapped push, or {@code null} when the format cannot carry it */
        byte[] frame(ProtocolCodec codec) {
            byte[] frame = frames.computeIfAbsent(codec, encodeWith(codec));
            return frame == UNREPRESENTABLE ? null : frame;
        }

        private Function<ProtocolCodec, byte[]> encodeWith(ProtocolCodec codec) {
            return key -> {
                try {
                    return codec.encodeReply(Reply.push(push));
                } catch (ProtocolException e) {
                    return UNREPRESENTABLE;
                }
            };
        }
    }
}
