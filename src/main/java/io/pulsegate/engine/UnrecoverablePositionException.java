package io.pulsegate.engine;

import io.pulsegate.protocol.StreamPosition;

/**
 * A history read asked for publications after a position that the stream cannot serve: another epoch, an offset
 * beyond the top, or publications already trimmed or expired. Maps to client error 112 "unrecoverable position".
 *
 * <p>
 * Expected control flow, not a bug, so it carries no stack trace (cheap to create on a hot reconnect path). It carries
 * the stream's current top so the caller can answer {@code recovered:false} with the current position without a
 * second read.
 */
public final class UnrecoverablePositionException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient StreamPosition top;

    /**
     * @param requested the position the caller asked to read after
     * @param top the stream's current top position
     */
    public UnrecoverablePositionException(StreamPosition requested, StreamPosition top) {
        super("unrecoverable position: requested " + requested + ", stream top " + top, null, false, false);
        this.top = top;
    }

    /** @return the stream's current top position (offset and epoch) when the read was refused */
    public StreamPosition top() {
        return top;
    }
}
