package io.pulsegate.transport.websocket.guard;

import io.pulsegate.config.WebSocketConfig;

/**
 * Immutable snapshot of the caps one connection is checked against, taken from {@link WebSocketConfig} at upgrade
 * time.
 *
 * @param maxFrameSize largest frame payload on the wire
 * @param maxMessageSize largest reassembled message on the wire
 * @param maxDecompressedMessageSize largest inflated size of a compressed message
 * @param maxFragments largest number of frames in one message
 * @param maxControlFramesPerSecond most pings and pongs per second
 */
public record GuardLimits(int maxFrameSize, int maxMessageSize, int maxDecompressedMessageSize, int maxFragments,
        int maxControlFramesPerSecond) {

    /** Copies the limits out of the config; the decompressed cap is raised to the message cap if set lower. */
    public static GuardLimits of(WebSocketConfig config) {
        return new GuardLimits(config.maxFrameSize(), config.maxMessageSize(),
                Math.max(config.maxMessageSize(), config.maxDecompressedMessageSize()), config.maxFragments(),
                Math.max(1, config.maxControlFramesPerSecond()));
    }
}
