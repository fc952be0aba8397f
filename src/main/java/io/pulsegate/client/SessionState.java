package io.pulsegate.client;

/**
 * Lifecycle of a {@link ClientSession}:
 *
 * <pre>
 * Connecting ──connect ok──► Connected ──node drains──► Draining
 *     │                          │                          │
 *     └──── error / timeout ─────┴──── disconnect ──────────┴──► Closed
 * </pre>
 *
 * Only {@code Connected} and {@code Draining} accept commands other than {@code connect}; a draining connection keeps
 * working until its (jittered) close moment.
 */
public sealed interface SessionState {

    /** Transport open, waiting for the {@code connect} command. */
    record Connecting() implements SessionState {}

    /**
     * Authenticated.
     *
     * @param user user id, {@code ""} when anonymous
     * @param expireAt connection expiry in epoch seconds, 0 for never
     */
    record Connected(String user, long expireAt) implements SessionState {}

    /** The node is shutting down; the connection will be closed with 3001 at its scheduled moment. */
    record Draining(String user, long expireAt) implements SessionState {}

    /** Terminal. */
    record Closed(int code) implements SessionState {}

    /** @return whether commands other than connect are accepted */
    default boolean isActive() {
        return this instanceof Connected || this instanceof Draining;
    }
}
