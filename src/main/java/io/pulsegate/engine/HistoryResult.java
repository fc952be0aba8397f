package io.pulsegate.engine;

import java.util.List;

import io.pulsegate.protocol.Publication;
import io.pulsegate.protocol.StreamPosition;

/**
 * Publications read from a stream and the stream's current top position.
 *
 * @param publications in the order asked for, each carrying its offset
 * @param top the offset of the latest publication and the stream epoch
 */
public record HistoryResult(List<Publication> publications, StreamPosition top) {}
