package io.pulsegate.engine;

import io.pulsegate.protocol.StreamPosition;

/**
 * A history read.
 *
 * @param since read publications after this position; {@code null} reads from the start (or from the top when
 *        reversed)
 * @param limit maximum publications returned; 0 returns only the position; negative means no limit
 * @param reverse newest first
 */
public record HistoryQuery(StreamPosition since, int limit, boolean reverse) {

    /** A query returning only the stream position. */
    public static final HistoryQuery POSITION_ONLY = new HistoryQuery(null, 0, false);
}
