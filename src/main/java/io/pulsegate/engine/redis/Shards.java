package io.pulsegate.engine.redis;

import java.nio.charset.StandardCharsets;

/**
 * Picks the shard of a channel: Jump consistent hash over FNV-1a 64 of the channel name, so adding a shard moves
 * only about 1/n of the channels.
 */
final class Shards {

    private Shards() {
    }

    static int of(String channel, int shards) {
        return jump(fnv1a64(channel), shards);
    }

    static long fnv1a64(String s) {
        long hash = 0xcbf29ce484222325L;
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xff;
            hash *= 0x100000001b3L;
        }
        return hash;
    }

    /** Lamping and Veach, "A Fast, Minimal Memory, Consistent Hash Algorithm" (2014). */
    static int jump(long key, int buckets) {
        long b = -1;
        long j = 0;
        while (j < buckets) {
            b = j;
            key = key * 2862933555777941757L + 1;
            j = (long) ((b + 1) * ((double) (1L << 31) / (double) ((key >>> 33) + 1)));
        }
        return (int) b;
    }
}
