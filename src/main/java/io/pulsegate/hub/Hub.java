package io.pulsegate.hub;

import java.util.List;
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
import io.pulsegate.protocol.Publication;
import io.pulsegate.protocol.PushBody;
import io.smallrye.mutiny.Uni;

/**
 * This node's index of channel → local subscribers, and the fan-out of broker deliveries to them. A publication is
 * encoded once per wire format (and, for subscribers that negotiated deltas, once more per format with its patch
 * against the previous publication, computed once) and the same bytes are handed to every subscriber of that format. The node subscribes
 * to a channel at the broker when the channel gets its first local subscriber and unsubscribes when it loses the last.
 *
 * <p>
 * Thread-safe. Deliveries may arrive on any thread; nothing here blocks.
 */
public final class Hub implements BrokerEventHandler {

    private static final Logger LOG = Logger.getLogger(Hub.class);

    private final Broker broker;
    private final Map<String, LocalChannel> channels = new ConcurrentHashMap<>();
    private volatile java.util.function.Consumer<byte[]> controlListener = message -> {
    };

    public Hub(Broker broker) {
        this.broker = broker;
    }

    /**
     * Adds a local subscriber; completes once the node receives the channel from the broker. Deliveries to the
     * subscriber may start before completion.
     *
     * @param delta the subscriber negotiated fossil deltas: it gets publications in their delta forms
     */
    public Uni<Void> subscribe(String channel, Subscriber subscriber, boolean delta) {
        boolean[] first = new boolean[1];
        channels.compute(channel, (name, local) -> {
            LocalChannel result = local == null ? new LocalChannel() : local;
            first[0] = result.isEmpty();
            result.add(subscriber, delta);
            return result;
        });
        return first[0] ? broker.subscribe(channel) : Uni.createFrom().voidItem();
    }

    /** Removes a local subscriber; idempotent. */
    public void unsubscribe(String channel, Subscriber subscriber) {
        boolean[] last = new boolean[1];
        channels.computeIfPresent(channel, (name, local) -> {
            local.remove(subscriber);
            last[0] = local.isEmpty();
            return last[0] ? null : local;
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
        for (LocalChannel local : channels.values()) {
            total += local.size();
        }
        return total;
    }

    /** @return local subscriber counts by channel name */
    public Map<String, Integer> channelSizes() {
        Map<String, Integer> sizes = new java.util.TreeMap<>();
        channels.forEach((name, local) -> sizes.put(name, local.size()));
        return sizes;
    }

    @Override
    public void onPublication(String channel, Publication publication, String epoch, boolean delta) {
        LocalChannel local = channels.get(channel);
        if (local == null) {
            return;
        }
        long received = System.nanoTime();
        if (!local.plain.isEmpty()) {
            Frames.Plain frames = new Frames.Plain(channel, publication, epoch, received);
            deliver(local.plain, frames::delivery);
        }
        if (!local.delta.isEmpty()) {
            LocalChannel.Step step = local.advance(publication, delta);
            Frames.Delta frames = new Frames.Delta(channel, publication, epoch, received, step);
            deliver(local.delta, frames::delivery);
        }
    }

    private static void deliver(Set<Subscriber> subscribers, Function<ProtocolCodec, Delivery> deliveries) {
        for (Subscriber s : subscribers) {
            Delivery delivery = deliveries.apply(s.codec());
            if (delivery == null) {
                s.disconnect(DisconnectCode.INAPPROPRIATE_PROTOCOL);
            } else {
                s.onPublication(delivery);
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
        LocalChannel local = channels.get(channel);
        if (local != null) {
            local.plain.forEach(s -> s.onGap(channel));
            local.delta.forEach(s -> s.onGap(channel));
        }
    }

    private void joinLeave(String channel, PushBody body) {
        LocalChannel local = channels.get(channel);
        if (local == null) {
            return;
        }
        Frames frames = new Frames(channel);
        for (Set<Subscriber> subscribers : List.of(local.plain, local.delta)) {
            for (Subscriber s : subscribers) {
                byte[] frame = frames.frame(s.codec(), body);
                if (frame != null) {
                    s.onJoinLeave(channel, frame);
                }
            }
        }
    }
}
