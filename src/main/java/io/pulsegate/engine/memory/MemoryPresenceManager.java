package io.pulsegate.engine.memory;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.pulsegate.engine.PresenceManager;
import io.pulsegate.engine.PresenceStats;
import io.pulsegate.protocol.ClientInfo;
import io.smallrye.mutiny.Uni;

/**
 * Presence in memory: per channel, client id to (client info, expiry). Expired entries are invisible and purged
 * whenever the channel is read; a channel's entry disappears when its last client goes, so memory follows the live
 * presence. {@link #sweep()} purges channels nobody touches any more.
 *
 * <p>
 * Concurrency: each channel's inner map is only read or changed inside {@link ConcurrentHashMap#compute} on the outer
 * map, which serialises work per channel (bin lock held) and makes "remove the channel when empty" atomic. The work
 * done under that lock is short and never calls out. Results are lazy {@link Uni}s that run on subscription; methods
 * never block.
 */
public final class MemoryPresenceManager implements PresenceManager {

    private record Entry(ClientInfo info, long expireAt) {}

    private final Clock clock;
    private final ConcurrentHashMap<String, Map<String, Entry>> channels = new ConcurrentHashMap<>();

    /** A presence manager on the system UTC clock. */
    public MemoryPresenceManager() {
        this(Clock.systemUTC());
    }

    /** @param clock time source for expiry; tests pass a controllable one */
    public MemoryPresenceManager(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public Uni<Void> add(String channel, ClientInfo info, Duration ttl) {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(info, "info");
        Objects.requireNonNull(info.client(), "info.client");
        Objects.requireNonNull(ttl, "ttl");
        return Uni.createFrom().item(() -> {
            long now = clock.millis();
            long expireAt = ChannelStream.plus(now, ttlMillis(ttl));
            channels.compute(channel, (k, clients) -> {
                // No purge here: adds are the hot path (every client refreshes periodically) and a scan per add
                // would be quadratic in the channel size. Reads and sweep() purge.
                Map<String, Entry> map = clients == null ? new HashMap<>() : clients;
                map.put(info.client(), new Entry(info, expireAt));
                return map;
            });
            return null;
        });
    }

    @Override
    public Uni<Void> remove(String channel, String clientId) {
        return Uni.createFrom().item(() -> {
            channels.computeIfPresent(channel, (k, clients) -> {
                clients.remove(clientId);
                return clients.isEmpty() ? null : clients;
            });
            return null;
        });
    }

    @Override
    public Uni<Map<String, ClientInfo>> presence(String channel) {
        return Uni.createFrom().item(() -> {
            Map<String, ClientInfo> result = new HashMap<>();
            long now = clock.millis();
            channels.computeIfPresent(channel, (k, clients) -> {
                purge(clients, now);
                clients.forEach((id, entry) -> result.put(id, entry.info()));
                return clients.isEmpty() ? null : clients;
            });
            return Map.copyOf(result);
        });
    }

    /** Counts clients and distinct users; the anonymous user {@code ""} counts as one user, like Centrifugo. */
    @Override
    public Uni<PresenceStats> stats(String channel) {
        return Uni.createFrom().item(() -> {
            long now = clock.millis();
            long[] numClients = new long[1];
            Set<String> users = new HashSet<>();
            channels.computeIfPresent(channel, (k, clients) -> {
                purge(clients, now);
                numClients[0] = clients.size();
                clients.values().forEach(e -> users.add(e.info().user() == null ? "" : e.info().user()));
                return clients.isEmpty() ? null : clients;
            });
            return new PresenceStats(numClients[0], users.size());
        });
    }

    /**
     * Purges expired entries of every channel and drops empty channels. Call it periodically from the node so that
     * channels nobody reads any more do not keep dead entries.
     *
     * @return number of channels still holding presence
     */
    public int sweep() {
        long now = clock.millis();
        for (String channel : channels.keySet()) {
            channels.computeIfPresent(channel, (k, clients) -> {
                purge(clients, now);
                return clients.isEmpty() ? null : clients;
            });
        }
        return channels.size();
    }

    /** @return number of channels with an entry in memory (tests and metrics) */
    public int channelCount() {
        return channels.size();
    }

    /** Bin lock held. */
    private static void purge(Map<String, Entry> clients, long now) {
        for (Iterator<Entry> it = clients.values().iterator(); it.hasNext();) {
            if (now >= it.next().expireAt()) {
                it.remove();
            }
        }
    }

    private static long ttlMillis(Duration ttl) {
        if (ttl.isNegative()) {
            return 0;
        }
        try {
            return ttl.toMillis();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }
}
