package io.pulsegate.client;

/** The node's index of connected sessions, as seen by a session. Implementations are thread-safe. */
public interface SessionRegistry {

    /**
     * Registers an authenticated session, enforcing the per-node and per-user connection limits. Called before the
     * session is marked connected, so the user comes from the verified credentials, not from {@code session.user()}.
     *
     * @param user the authenticated user ({@code ""} for anonymous)
     * @return false when a limit refuses the connection
     */
    boolean register(ClientSession session, String user, int nodeLimit, int userLimit);

    /** Removes a session; idempotent. */
    void unregister(ClientSession session);
}
