package io.pulsegate.engine.redis;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.pulsegate.engine.EngineUnavailableException;
import io.pulsegate.engine.PresenceManager;
import io.pulsegate.engine.PresenceStats;
import io.pulsegate.protocol.ClientInfo;
import io.smallrye.mutiny.Uni;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Response;

/**
 * {@link PresenceManager} on Redis: a hash of client id → info plus a sorted set of expiry times per channel. Each
 * node re-adds its own clients periodically; entries of a dead node's clients expire and are purged on read. Expiry
 * uses the node's clock, so nodes are expected to be NTP-synchronised within the presence TTL.
 */
public final class RedisPresenceManager implements PresenceManager {

    private final Redis redis;
    private final Keys keys;
    private final Clock clock;
    private final Duration timeout;

    public RedisPresenceManager(Redis redis, String prefix, Clock clock, Duration commandTimeout) {
        this.redis = redis;
        this.timeout = commandTimeout;
        this.keys = new Keys(prefix);
        this.clock = clock;
    }

    @Override
    public Uni<Void> add(String channel, ClientInfo info, Duration ttl) {
        long expireAt = clock.millis() + ttl.toMillis();
        return Scripts.PRESENCE_ADD
                .run(redis, timeout, keys(channel), info.client(), RedisCodec.clientInfo(info), expireAt,
                        ttl.toMillis())
                .onFailure().transform(RedisPresenceManager::unavailable).replaceWithVoid();
    }

    @Override
    public Uni<Void> remove(String channel, String clientId) {
        return Scripts.PRESENCE_REMOVE.run(redis, timeout, keys(channel), clientId).onFailure()
                .transform(RedisPresenceManager::unavailable).replaceWithVoid();
    }

    @Override
    public Uni<Map<String, ClientInfo>> presence(String channel) {
        return Scripts.PRESENCE_GET.run(redis, timeout, keys(channel), clock.millis()).onFailure()
                .transform(RedisPresenceManager::unavailable).map(RedisPresenceManager::decode);
    }

    @Override
    public Uni<PresenceStats> stats(String channel) {
        return presence(channel).map(p -> {
            Set<String> users = new HashSet<>();
            p.values().forEach(i -> users.add(i.user()));
            return new PresenceStats(p.size(), users.size());
        });
    }

    private List<String> keys(String channel) {
        return List.of(keys.presenceData(channel), keys.presenceExpire(channel));
    }

    /** Script replies are flat arrays: client id, info, client id, info, … */
    private static Map<String, ClientInfo> decode(Response r) {
        Map<String, ClientInfo> result = new LinkedHashMap<>();
        for (int i = 0; r != null && i + 1 < r.size(); i += 2) {
            result.put(r.get(i).toString(StandardCharsets.UTF_8), RedisCodec.clientInfo(r.get(i + 1).toBytes()));
        }
        return result;
    }

    private static Throwable unavailable(Throwable failure) {
        return new EngineUnavailableException("redis: " + failure.getMessage());
    }
}
