package io.pulsegate.config;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.WithDefault;

/** Redis engine connection, under {@code pulsegate.redis}; used only with {@code pulsegate.engine=redis}. */
public interface RedisConfig {

    /**
     * Redis URL: {@code redis://host:port/db}, or {@code rediss://} for TLS. Credentials may be in the URL, but prefer
     * {@link #password()} from a secret.
     */
    @WithDefault("redis://127.0.0.1:6379")
    String url();

    /**
     * Client-side sharding: URLs of independent Redis instances. Each channel lives on one of them (Jump consistent
     * hash of the channel name); when set, {@link #url()} is not used. Every node must list the same shards in the
     * same order.
     */
    java.util.Optional<java.util.List<String>> shards();

    /**
     * Redis Cluster: seed node URLs ({@code redis://host:port}); when set, {@link #url()} and {@link #shards()} are
     * not used. Every key of a channel carries the channel as hash tag, so a channel lives on one slot.
     */
    java.util.Optional<java.util.List<String>> clusterNodes();

    /**
     * Use Redis 7 sharded pub/sub (SPUBLISH/SSUBSCRIBE) for channel traffic: on Redis Cluster a channel's messages
     * then stay inside the shard owning its slot instead of being broadcast to every cluster node.
     */
    @WithDefault("false")
    boolean shardedPubsub();

    /** Redis password (AUTH); keep it in a secret, e.g. {@code PULSEGATE_REDIS_PASSWORD}. */
    Optional<String> password();

    /** Prefix of every key and pub/sub channel, so several deployments can share one Redis. */
    @WithDefault("pulsegate")
    String prefix();

    /** Maximum pooled command connections per node (the pub/sub connection is separate). */
    @WithDefault("8")
    int maxPoolSize();

    /** First delay before reconnecting a lost pub/sub connection; doubles up to {@link #reconnectMaxDelay()}. */
    @WithDefault("100ms")
    Duration reconnectMinDelay();

    /** Longest delay between pub/sub reconnect attempts. */
    @WithDefault("5s")
    Duration reconnectMaxDelay();

    /**
     * How long a Redis command may take before it fails with a temporary error (so a paused or black-holed Redis
     * never stalls a client's commands).
     */
    @WithDefault("3s")
    Duration commandTimeout();

    /** How long a node stays ready while Redis is unreachable before readiness goes down. */
    @WithDefault("10s")
    Duration readinessGrace();

    /**
     * Interval of the pub/sub probe: the node publishes to itself and restarts its subscription connection when a
     * probe is not delivered within one interval (a subscription that answers but delivers nothing).
     */
    @WithDefault("5s")
    Duration probeInterval();
}
