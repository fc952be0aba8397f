package io.pulsegate.protocol.protobuf;

/**
 * Decoder limits for Protobuf command frames, the counterpart of {@code JsonLimits}. Strings and payloads need no
 * separate cap: every length is checked against the frame, and frames are already bounded by the WebSocket guard
 * ({@code pulsegate.websocket.max-decompressed-message-size}).
 *
 * @param maxCommandsPerFrame most commands one frame may batch; a pong is a single byte, so without this cap one 64 KiB
 *        frame could queue 65 536 commands
 * @param maxNestingDepth protobuf recursion limit (messages and groups, including unknown ones), at most 64
 * @param maxCommandBytes largest single command, in bytes
 */
public record ProtobufLimits(int maxCommandsPerFrame, int maxNestingDepth, int maxCommandBytes) {

    /** Hard cap on nesting: the deepest real command (connect → subs → subscribe) is 3 levels. */
    public static final int MAX_NESTING_DEPTH = 64;

    /** 1024 commands per frame, nesting 16, commands up to 1 MiB. */
    public static final ProtobufLimits DEFAULTS = new ProtobufLimits(1024, 16, 1 << 20);

    public ProtobufLimits {
        if (maxCommandsPerFrame < 1) {
            throw new IllegalArgumentException("maxCommandsPerFrame must be positive");
        }
        if (maxNestingDepth < 1 || maxNestingDepth > MAX_NESTING_DEPTH) {
            throw new IllegalArgumentException("maxNestingDepth must be 1.." + MAX_NESTING_DEPTH);
        }
        if (maxCommandBytes < 1) {
            throw new IllegalArgumentException("maxCommandBytes must be positive");
        }
    }
}
