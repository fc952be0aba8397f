package io.pulsegate.hub;

/**
 * One publication on its way from the hub to the local subscribers that read one encoding: the bytes are shared by all
 * of them, so nothing here is per subscriber.
 *
 * @param offset stream offset, 0 without history
 * @param epoch stream epoch, {@code null} without history
 * @param receivedNanos {@link System#nanoTime()} when the publication reached this node
 * @param frame the encoded publication with its full payload (for a delta subscriber: in its delta form)
 * @param patch for delta subscribers: the publication's link in the channel's delta chain; {@code null} for others
 */
public record Delivery(String channel, long offset, String epoch, long receivedNanos, byte[] frame, Patch patch) {

    /**
     * A publication's place in the chain of publications this node delivered to a channel's delta subscribers.
     * Links are compared by identity: a patch applies exactly when the subscriber's last delivered link is
     * {@code base}, whatever offsets, epochs or skipped publications lie around it.
     *
     * @param self this publication's link
     * @param base the link the patch was computed against, {@code null} for the first of the chain
     * @param frame the encoded patch publication, {@code null} when only the full payload can be sent
     */
    public record Patch(Object self, Object base, byte[] frame) {}

    /** @return the bytes to write to a subscriber whose last delivered link is {@code last} */
    public byte[] frameAfter(Object last) {
        return patch != null && patch.frame != null && last != null && last == patch.base ? patch.frame : frame;
    }
}
