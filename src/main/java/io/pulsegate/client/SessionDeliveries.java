package io.pulsegate.client;

import io.pulsegate.hub.Delivery;
import io.pulsegate.hub.Subscriber;
import io.pulsegate.protocol.DisconnectCode;
import io.pulsegate.protocol.ProtocolCodec;

/**
 * A session as the hub's receiver of channel traffic: routes each delivery to the subscription it belongs to, which
 * orders it against the subscribe reply and queues it. Called from any thread; nothing blocks.
 */
final class SessionDeliveries implements Subscriber {

    private final ClientSession session;
    private final Subscription.Sink sink;

    SessionDeliveries(ClientSession session) {
        this.session = session;
        this.sink = session::enqueue;
    }

    @Override
    public ProtocolCodec codec() {
        return session.codec();
    }

    @Override
    public void onPublication(Delivery delivery) {
        Subscription sub = session.subscriptions.get(delivery.channel());
        if (sub != null && sub.onPublication(delivery, sink) == Subscription.Verdict.GAP) {
            session.disconnect(DisconnectCode.INSUFFICIENT_STATE);
        }
    }

    @Override
    public void onGap(String channel) {
        Subscription sub = session.subscriptions.get(channel);
        if (sub != null && sub.positioned) {
            session.disconnect(DisconnectCode.INSUFFICIENT_STATE);
        }
    }

    @Override
    public void onJoinLeave(String channel, byte[] frame) {
        Subscription sub = session.subscriptions.get(channel);
        if (sub != null && sub.pushJoinLeave) {
            session.enqueue(frame);
        }
    }

    @Override
    public void disconnect(DisconnectCode code) {
        session.disconnect(code);
    }
}
