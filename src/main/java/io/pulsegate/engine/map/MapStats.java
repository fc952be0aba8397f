package io.pulsegate.engine.map;

import io.pulsegate.protocol.StreamPosition;

/**
 * @param numKeys keys currently in the map
 * @param top the stream's top position
 */
public record MapStats(long numKeys, StreamPosition top) {}
