package io.pulsegate.engine.redis;

/**
 * Redis key and pub/sub channel names. The channel name sits in a hash tag so a channel's stream, meta, presence
 * and sharded pub/sub channel land on one Redis Cluster slot. Channel names cannot contain braces (channel policy).
 */
final class Keys {

    private final String prefix;

    Keys(String prefix) {
        this.prefix = prefix;
    }

    String stream(String channel) {
        return prefix + ".stream.{" + channel + "}";
    }

    String meta(String channel) {
        return prefix + ".meta.{" + channel + "}";
    }

    String presenceData(String channel) {
        return prefix + ".presence.data.{" + channel + "}";
    }

    String presenceExpire(String channel) {
        return prefix + ".presence.expire.{" + channel + "}";
    }

    /** A map channel's state: hash of key → {@code <offset>:<encoded publication>}. */
    String mapState(String channel) {
        return prefix + ".map.state.{" + channel + "}";
    }

    /** A map channel's keys: sorted set, all scores 0, paged in lexicographic order. */
    String mapKeys(String channel) {
        return prefix + ".map.keys.{" + channel + "}";
    }

    /** A map channel's key expiry times: sorted set of key → expire-at ms (node clock). */
    String mapExpire(String channel) {
        return prefix + ".map.expire.{" + channel + "}";
    }

    /** The remembered result of an idempotent publish into {@code channel}. */
    String idempotency(String channel, String key) {
        return prefix + ".idempotency.{" + channel + "}." + key;
    }

    /** Pub/sub channel carrying a client channel's publications, joins and leaves. */
    String pubsub(String channel) {
        return prefix + ".client.{" + channel + "}";
    }

    /** Pub/sub channel for node-to-node control messages. */
    String control() {
        return prefix + ".control";
    }

    /** Pub/sub channel a node publishes to itself to prove its subscription delivers. */
    String probe(String nodeId) {
        return prefix + ".probe." + nodeId;
    }

    /** @return the client channel of a pub/sub channel name, or {@code null} if it is not one of ours */
    String channelOf(String pubsub) {
        String start = prefix + ".client.{";
        if (!pubsub.startsWith(start) || !pubsub.endsWith("}")) {
            return null;
        }
        return pubsub.substring(start.length(), pubsub.length() - 1);
    }
}
