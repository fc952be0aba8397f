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
 * @param idempotencyKey a publish repeated with the same key within {@code idempotencyTtl} is not published again and
 *        answers the first one's position; {@code ""} for none
 * @param idempotencyTtl how long the key is remembered
 */
public record PublishOptions(int historySize, Duration historyTtl, Duration historyMetaTtl, boolean delta,
        String idempotencyKey, Duration idempotencyTtl) {

    /** How long an idempotency key is remembered when the publisher gives no duration (Centrifugo: 5 minutes). */
    public static final Duration DEFAULT_IDEMPOTENCY_TTL = Duration.ofMinutes(5);

    /** Options for a channel without history. */
    public static final PublishOptions NO_HISTORY = new PublishOptions(0, Duration.ZERO, Duration.ZERO);

    /** Options without delta delivery. */
    public PublishOptions(int historySize, Duration historyTtl, Duration historyMetaTtl) {
        this(historySize, historyTtl, historyMetaTtl, false, "", DEFAULT_IDEMPOTENCY_TTL);
    }

    /** @return the same options with delta delivery on or off */
    public PublishOptions withDelta(boolean value) {
        return value == delta
                ? this
                : new PublishOptions(historySize, historyTtl, historyMetaTtl, value, idempotencyKey, idempotencyTtl);
    }

    /** @return the same options with an idempotency key ({@code null} or {@code ""}: none) */
    public PublishOptions withIdempotencyKey(String key) {
        String k = key == null ? "" : key;
        return k.equals(idempotencyKey)
                ? this
                : new PublishOptions(historySize, historyTtl, historyMetaTtl, delta, k, idempotencyTtl);
    }

    /** @return whether a repeated publish with the same key is suppressed */
    public boolean idempotent() {
        return !idempotencyKey.isEmpty();
    }

    /** @return whether publications get offsets and are kept */
    public boolean keepsHistory() {
        return historySize > 0 && historyTtl != null && !historyTtl.isZero() && !historyTtl.isNegative();
    }
}
