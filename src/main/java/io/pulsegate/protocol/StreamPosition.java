package io.pulsegate.protocol;

/**
 * A position in a channel's history stream. Offsets are monotonic within one epoch; offset 10 of epoch A has nothing
 * to do with offset 10 of epoch B.
 */
public record StreamPosition(long offset, String epoch) {

    /**
     * Whether this position, sent by a client or a backend, belongs to a stream of epoch {@code streamEpoch}. An empty
     * epoch matches any (centrifuge's {@code isStreamRecovered}): a client that never saw the stream, such as
     * centrifuge-js {@code getState} returning {@code {offset:0, epoch:''}}, asks for everything from the offset on.
     */
    public boolean epochMatches(String streamEpoch) {
        return epoch == null || epoch.isEmpty() || epoch.equals(streamEpoch);
    }
}
