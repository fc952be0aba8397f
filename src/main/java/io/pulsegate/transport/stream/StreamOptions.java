package io.pulsegate.transport.stream;

/**
 * What kind of stream one endpoint serves.
 *
 * @param framing how messages are framed on the response
 * @param emulation bidirectional emulation (commands arrive through {@code /emulation}) rather than unidirectional
 * @param gzip compress the response, flushed per event
 * @param trackPositions emit SSE {@code id:} lines with stream positions (uni_sse)
 */
record StreamOptions(Framing framing, boolean emulation, boolean gzip, boolean trackPositions) {}
