package io.pulsegate.client;

import java.util.ArrayList;
import java.util.List;

import io.pulsegate.auth.ChannelOptions;
import io.pulsegate.hub.Delivery;

/**
 * One channel subscription of one connection. While the subscribe is being processed, publications arriving from the
 * hub are buffered so the subscribe reply always precedes them; on activation the buffer is merged with what the
 * reply already delivered (duplicates dropped by offset, gaps detected).
 *
 * <p>
 * Concurrency: delivery runs on hub threads, activation on the connection's thread; the mutable delivery state is
 * guarded by {@code this} (a leaf lock).
 */
final class Subscription {

    /** What the subscription does with one delivered publication. */
    enum Verdict {
        /** Queue it to the client. */
        DELIVER,
        /** Already delivered (offset not newer); skip. */
        DUPLICATE,
        /** Held until the subscribe reply is queued. */
        BUFFERED,
        /** A publication was lost between the last delivered one and this one. */
        GAP
    }

    /** Where delivered publications go; called with this subscription's lock held, so it must be a leaf operation. */
    interface Sink {
        void accept(Subscription sub, Delivery delivery);
    }

    final String channel;
    final ChannelOptions options;
    final boolean positioned;
    final boolean recoverable;
    final boolean pushJoinLeave;
    volatile byte[] chanInfo;
    final boolean serverSide;
    /** The connection's delta chain for this channel, {@code null} when the subscriber did not negotiate deltas. */
    final OutboundQueue.DeltaChain deltaChain;

    private boolean active;
    private final List<Delivery> buffer = new ArrayList<>();
    private long lastOffset;
    private String epoch;
    private volatile long expireAt;

    Subscription(String channel, ChannelOptions options, boolean positioned, boolean recoverable,
            boolean pushJoinLeave, byte[] chanInfo, boolean serverSide, long expireAt, boolean delta) {
        this.channel = channel;
        this.options = options;
        this.positioned = positioned;
        this.recoverable = recoverable;
        this.pushJoinLeave = pushJoinLeave;
        this.chanInfo = chanInfo;
        this.serverSide = serverSide;
        this.expireAt = expireAt;
        this.deltaChain = delta ? new OutboundQueue.DeltaChain() : null;
    }

    /** Classifies a live publication. Buffers it while the subscription is not yet active. */
    synchronized Verdict onPublication(Delivery delivery, Sink sink) {
        if (!active) {
            buffer.add(delivery);
            return Verdict.BUFFERED;
        }
        Verdict verdict = advance(delivery.offset(), delivery.epoch());
        if (verdict == Verdict.DELIVER) {
            sink.accept(this, delivery);
        }
        return verdict;
    }

    /** @return whether this subscription receives publications in their delta forms */
    boolean delta() {
        return deltaChain != null;
    }

    /**
     * Marks the subscription active at a stream position, after the reply was queued, and hands the buffered
     * publications that must still be delivered to {@code sink}, in order, before any later live publication.
     *
     * @return false when the buffer shows a gap (the client must resubscribe and recover)
     */
    synchronized boolean activate(long offset, String streamEpoch, Sink sink) {
        this.lastOffset = offset;
        this.epoch = streamEpoch;
        this.active = true;
        try {
            for (Delivery d : buffer) {
                Verdict verdict = advance(d.offset(), d.epoch());
                if (verdict == Verdict.GAP) {
                    return false;
                }
                if (verdict == Verdict.DELIVER) {
                    sink.accept(this, d);
                }
            }
            return true;
        } finally {
            buffer.clear();
        }
    }

    /** Lock held. */
    private Verdict advance(long offset, String pubEpoch) {
        if (!positioned || offset == 0) {
            return Verdict.DELIVER;
        }
        if (epoch != null && pubEpoch != null && !epoch.equals(pubEpoch)) {
            return Verdict.GAP;
        }
        if (offset <= lastOffset) {
            return Verdict.DUPLICATE;
        }
        if (offset != lastOffset + 1) {
            return Verdict.GAP;
        }
        lastOffset = offset;
        return Verdict.DELIVER;
    }

    /** @return expiry of the subscription token in epoch seconds, 0 for none */
    long expireAt() {
        return expireAt;
    }

    void expireAt(long value) {
        this.expireAt = value;
    }

    /** New channel info from the sub_refresh proxy. */
    void chanInfo(byte[] info) {
        this.chanInfo = info;
    }
}
