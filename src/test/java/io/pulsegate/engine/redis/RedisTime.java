package io.pulsegate.engine.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

/**
 * Moves time forward for the keys of one prefix on real redis-servers, so the engine contract's TTL cases run against
 * Redis instead of being skipped. Every TTL of the Redis engine is a key expiry ({@code PEXPIRE} in its scripts), so
 * shortening each remaining TTL by the step is what the passing of that time does. A key whose TTL the step exhausts
 * is left to Redis itself to expire (TTL set to 1 ms, then awaited until Redis reports it gone), so expiry is real.
 */
final class RedisTime {

    private static final long TIMEOUT_SECONDS = 5;

    private RedisTime() {
    }

    /** Advances time by {@code step} for every key starting with {@code prefix} on each server of {@code urls}. */
    static void advance(Vertx vertx, List<String> urls, String prefix, Duration step) {
        for (String url : urls) {
            Redis redis = Redis.createClient(vertx, new RedisOptions().setConnectionString(url));
            try {
                advance(redis, prefix, step.toMillis());
            } finally {
                redis.close();
            }
        }
    }

    private static void advance(Redis redis, String prefix, long stepMillis) {
        List<String> lapsing = new ArrayList<>();
        for (Response key : send(redis, Request.cmd(Command.KEYS).arg(prefix + "*"))) {
            long ttl = send(redis, Request.cmd(Command.PTTL).arg(key.toString())).toLong();
            if (ttl <= 0) {
                continue; // no TTL (-1) or already gone (-2)
            }
            long left = ttl - stepMillis;
            send(redis, Request.cmd(Command.PEXPIRE).arg(key.toString()).arg(Math.max(left, 1)));
            if (left <= 0) {
                lapsing.add(key.toString());
            }
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        for (String key : lapsing) {
            while (send(redis, Request.cmd(Command.EXISTS).arg(key)).toInteger() != 0) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("Redis did not expire " + key);
                }
                Thread.onSpinWait();
            }
        }
    }

    private static Response send(Redis redis, Request request) {
        Future<Response> reply = redis.send(request);
        try {
            return reply.toCompletionStage().toCompletableFuture().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("Redis " + request.command() + " failed", e);
        }
    }
}
