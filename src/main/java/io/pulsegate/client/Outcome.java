package io.pulsegate.client;

import io.pulsegate.protocol.ErrorCode;
import io.pulsegate.protocol.Result;

/**
 * Result of establishing one subscription: either the reply body plus the stream offset from which live publications
 * continue, or an error to reply.
 */
record Outcome(String channel, Result.Subscribe result, Subscription subscription, long activeOffset,
        ErrorCode error) {

    static Outcome failed(ErrorCode error) {
        return new Outcome(null, null, null, 0, error);
    }
}
