package io.pulsegate.hub;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.pulsegate.delta.DeltaForms;
import io.pulsegate.protocol.Publication;

/**
 * The local subscribers of one channel, split by whether they negotiated deltas, and the head of the channel's delta
 * chain (the last publication handed to delta subscribers, the base of the next patch). The chain head is kept only
 * while the channel has delta subscribers.
 */
final class LocalChannel {

    /** The chain step of one publication: its link, the link it follows and the raw patch (or none). */
    record Step(Object self, Object base, byte[] patch) {}

    final Set<Subscriber> plain = ConcurrentHashMap.newKeySet();
    final Set<Subscriber> delta = ConcurrentHashMap.newKeySet();
    private Publication head;

    boolean isEmpty() {
        return plain.isEmpty() && delta.isEmpty();
    }

    int size() {
        return plain.size() + delta.size();
    }

    void add(Subscriber subscriber, boolean wantsDelta) {
        (wantsDelta ? delta : plain).add(subscriber);
    }

    void remove(Subscriber subscriber) {
        plain.remove(subscriber);
        if (delta.remove(subscriber) && delta.isEmpty()) {
            synchronized (this) {
                head = null;
            }
        }
    }

    /**
     * Appends a publication to the chain; the patch against the previous head is computed here, once for every delta
     * subscriber. Deliveries of one channel arrive one at a time (broker ordering contract); the lock only publishes
     * the head between the threads they arrive on.
     *
     * @param marked the publisher asked for delta delivery
     */
    synchronized Step advance(Publication pub, boolean marked) {
        Publication base = head;
        byte[] patch = marked && base != null ? DeltaForms.patchOrNull(base.data(), pub.data()) : null;
        head = pub;
        return new Step(pub, base, patch);
    }
}
