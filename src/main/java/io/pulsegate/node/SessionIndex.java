package io.pulsegate.node;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.pulsegate.client.ClientSession;
import io.pulsegate.client.SessionRegistry;

/**
 * This node's connected sessions, by client id and by user, with the connection limits. Thread-safe; registration of
 * one user is serialised so the per-user limit is exact.
 */
final class SessionIndex implements SessionRegistry {

    private final Map<String, ClientSession> byClient = new ConcurrentHashMap<>();
    private final Map<String, Set<ClientSession>> byUser = new ConcurrentHashMap<>();
    private final AtomicInteger count = new AtomicInteger();

    @Override
    public boolean register(ClientSession session, String user, int nodeLimit, int userLimit) {
        if (count.incrementAndGet() > nodeLimit && nodeLimit > 0) {
            count.decrementAndGet();
            return false;
        }
        boolean[] admitted = {true};
        byUser.compute(user, (key, set) -> {
            Set<ClientSession> sessions = set == null ? ConcurrentHashMap.newKeySet() : set;
            if (userLimit > 0 && !key.isEmpty() && sessions.size() >= userLimit) {
                admitted[0] = false;
            } else {
                sessions.add(session);
            }
            return sessions.isEmpty() ? null : sessions;
        });
        if (!admitted[0]) {
            count.decrementAndGet();
            return false;
        }
        byClient.put(session.id(), session);
        return true;
    }

    @Override
    public void unregister(ClientSession session) {
        if (byClient.remove(session.id(), session)) {
            count.decrementAndGet();
            byUser.computeIfPresent(session.user(), (user, set) -> {
                set.remove(session);
                return set.isEmpty() ? null : set;
            });
        }
    }

    ClientSession byClient(String clientId) {
        return byClient.get(clientId);
    }

    Collection<ClientSession> byUser(String user) {
        Set<ClientSession> sessions = byUser.get(user);
        return sessions == null ? List.of() : List.copyOf(sessions);
    }

    Collection<ClientSession> all() {
        return List.copyOf(byClient.values());
    }

    int size() {
        return count.get();
    }

    int users() {
        return byUser.size();
    }
}
