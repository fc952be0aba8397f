package io.pulsegate.transport.stream;

/** How a stream response frames the transport messages of a session. */
enum Framing {
    /** {@code text/event-stream}: every item one {@code data:} event. */
    SSE("text/event-stream; charset=utf-8"),
    /** Newline-delimited JSON: every item followed by {@code \n}. */
    LINES("application/json"),
    /** Length-prefixed Protobuf items, concatenated. */
    BINARY("application/octet-stream");

    final String contentType;

    Framing(String contentType) {
        this.contentType = contentType;
    }
}
