package io.pulsegate.engine;

import java.time.Duration;

/**
 * How a publication is kept. History is on only when both {@code historySize > 0} and {@code historyTtl} is positive.
 *
 * @param historySize maximum publications kept in the channel stream
 * @param historyTtl how long the stream lives after its last publication
 * @param historyMetaTtl how long the stream position (offset and epoch) outlives the stream
 * @param delta deliver the publication as a delta to subscribers that negotiated one (it travels with the delivery,
 *        not with the stored publication)
 */
public record PublishOptions(int historySize, Duration historyTtl, Duration historyMetaTtl, boolean delta) {

    /** Options for a channel without history. */
    public static final PublishOptions NO_HISTORY = new PublishOptions(0, Duration.ZERO, Duration.ZERO);

    /** Options without delta delivery. */
    public PublishOptions(int historySize, Duration historyTtl, Duration historyMetaTtl) {
        this(historySize, historyTtl, historyMetaTtl, false);
    }

    /** @return the same options with delta delivery on or off */
    public PublishOptions withDelta(boolean value) {
        return value == delta ? this : new PublishOptions(historySize, historyTtl, historyMetaTtl, value);
    }

    /** @return whether publications get offsets and are kept */
    public boolean keepsHistory() {
        return historySize > 0 && historyTtl != null && !historyTtl.isZero() && !historyTtl.isNegative();
    }
}
