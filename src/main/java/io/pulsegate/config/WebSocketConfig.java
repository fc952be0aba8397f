package io.pulsegate.config;

import io.smallrye.config.WithDefault;

/**
 * Limits and compression settings, under {@code pulsegate.websocket}, of the WebSocket hygiene layer ({@code io.pulsegate.transport.websocket.guard}).
 * <p>
 * Sizes follow the Centrifugo model: {@link #maxFrameSize()} and {@link #maxMessageSize()} are counted on the bytes
 * the client actually sent (for an uncompressed message that is also what the application receives), while
 * {@link #maxDecompressedMessageSize()} caps what a compressed message may inflate to. The matching
 * {@code quarkus.websockets-next.server.*} keys in {@code application.properties} are derived from these values so
 * that our guard, not Vert.x, decides (Vert.x drops TCP or answers 1011 instead of a 1009 close frame).
 */
public interface WebSocketConfig {

    /**
     * Largest payload of a single frame, in bytes, as received on the wire. Enforced by Netty's frame decoder from
     * the frame header, before any payload is buffered; a violation closes with 1009.
     */
    @WithDefault("65536")
    int maxFrameSize();

    /**
     * Largest reassembled message, in bytes, as received on the wire (sum of all fragments). For uncompressed
     * messages this is the size the application receives. A violation closes with 1009.
     */
    @WithDefault("65536")
    int maxMessageSize();

    /**
     * Largest size a compressed (permessage-deflate) message may inflate to, in bytes. Enforced while inflating, so a
     * decompression bomb never allocates more than this; a violation closes with 1009. Must be at least
     * {@link #maxMessageSize()}. The default of 256 KiB (4x the wire cap) lets typical JSON, which compresses 3-10x,
     * through at the wire cap while keeping the per-connection worst case equal to Vert.x's default message cap.
     */
    @WithDefault("262144")
    int maxDecompressedMessageSize();

    /**
     * Largest number of frames (first frame plus continuations) in one message. Stops floods of tiny or zero-length
     * continuation frames (RFC 6455 section 10.4) that never grow the message; a violation closes with 1009.
     */
    @WithDefault("1024")
    int maxFragments();

    /**
     * Most ping and pong frames a client may send in one second. The protocol's heartbeat is application-level
     * ({@code {}}), so SDKs send few or none; a flood (each ping costs a pong) closes the connection with 1008.
     */
    @WithDefault("20")
    int maxControlFramesPerSecond();

    /**
     * Whether permessage-deflate (RFC 7692) is negotiated when the client offers it. When enabled the server always
     * answers with {@code server_no_context_takeover} and {@code client_no_context_takeover}, so no LZ77 window
     * survives a message (no cross-message compression oracle, no per-connection zlib state between messages).
     * Offers that repeat a parameter (RFC 7692 section 5), ask for 8-bit windows or limit the server's window are
     * declined: the next offer is tried, else the connection opens uncompressed.
     */
    @WithDefault("true")
    boolean compression();

    /**
     * Deflate level (0-9) for outbound compressed messages. 1 is the cheapest level and already gets most of the gain
     * on JSON.
     */
    @WithDefault("1")
    int compressionLevel();
}
