package io.pulsegate.protocol;

/**
 * An asynchronous server message. On bidirectional transports it travels inside {@link Reply#push()}; on
 * unidirectional ones it is sent bare.
 *
 * @param channel channel the push is about, {@code ""} for connection-level pushes
 * @param body what happened
 */
public record Push(String channel, PushBody body) {}
