package io.pulsegate.engine;

import java.time.Duration;

/**
 * How a publication is kept. History is on only when both {@code historySize > 0} and {@code historyTtl} is positive.
 *
 * @param historySize maximum publications kept in the channel stream
 * @param historyTtl how long the stream lives after its last publication
 * @param historyMetaTtl how long the stream position (offset and epoch) outlives the stream
 */
public record PublishOptions(int historySize, Duration historyTtl, Duration historyMetaTtl) {

    /** Options for a channel without history. */
    public static final PublishOptions NO_HISTORY = new PublishOptions(0, Duration.ZERO, Duration.ZERO);

    /** @return whether publications get offsets and are kept */
    public boolean keepsHistory() {
        return historySize > 0 && historyTtl != null && !historyTtl.isZero() && !historyTtl.isNegative();
    }
}
