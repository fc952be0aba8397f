package io.pulsegate.engine;

import java.time.Duration;
import java.util.Map;

import io.pulsegate.protocol.ClientInfo;
import io.smallrye.mutiny.Uni;

/**
 * Who is subscribed to a channel, across all nodes. Entries expire unless re-added within their TTL, so the presence of
 * a dead node's clients disappears by itself. Methods must not block the caller.
 */
public interface PresenceManager {

    /** Adds or refreshes a client's presence in a channel for {@code ttl}. */
    Uni<Void> add(String channel, ClientInfo info, Duration ttl);

    /** Removes a client's presence from a channel. */
    Uni<Void> remove(String channel, String clientId);

    /** @return live presence of the channel: client id to client info */
    Uni<Map<String, ClientInfo>> presence(String channel);

    /** @return counts of live clients and distinct users in the channel */
    Uni<PresenceStats> stats(String channel);
}
