package io.pulsegate.transport.websocket.guard;

/**
 * Why the guard failed a connection: the RFC 6455 close code sent in the close frame and the short reason text. The
 * enum name (lower case) is the {@code reason} tag of {@code pulsegate_ws_frame_rejected_total}.
 */
public enum CloseReason {
    /** Frame-level protocol violation detected by Netty's decoder or by us (RFC 6455 section 5). */
    PROTOCOL(1002, "protocol error"),
    /** RSV bit set that no negotiated extension defines (RFC 6455 section 5.2, RFC 7692 section 6.1). */
    RSV(1002, "reserved bit set"),
    /** Invalid UTF-8 in a text message (RFC 6455 section 8.1). */
    UTF8(1007, "invalid utf-8"),
    /** Corrupt permessage-deflate data. */
    INFLATE(1007, "invalid compressed data"),
    /** A frame above the frame cap. */
    FRAME_SIZE(1009, "frame too big"),
    /** A reassembled message above the message cap. */
    MESSAGE_SIZE(1009, "message too big"),
    /** A compressed message inflating above the decompressed cap (decompression bomb). */
    DECOMPRESSED_SIZE(1009, "message too big"),
    /** Too many fragments in one message. */
    FRAGMENTS(1009, "too many fragments"),
    /** More pings and pongs in a second than allowed (a ping flood makes the server write a pong for each). */
    CONTROL_FLOOD(1008, "too many control frames");

    private final int code;
    private final String text;

    CloseReason(int code, String text) {
        this.code = code;
        this.text = text;
    }

    /** RFC 6455 close code. */
    public int code() {
        return code;
    }

    /** Short ASCII reason sent in the close frame. */
    public String text() {
        return text;
    }

    /** Metric tag value. */
    public String tag() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
