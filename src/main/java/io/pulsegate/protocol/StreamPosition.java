package io.pulsegate.protocol;

/**
 * A position in a channel's history stream. Offsets are monotonic within one epoch; offset 10 of epoch A has nothing
 * to do with offset 10 of epoch B.
 */
public record StreamPosition(long offset, String epoch) {}
