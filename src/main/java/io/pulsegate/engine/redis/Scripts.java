package io.pulsegate.engine.redis;

/**
 * The Lua scripts of the Redis engine. Each runs atomically, so a publication's offset, its stream entry and its
 * pub/sub message are one step (see docs/adr/0002-redis-history-with-lua.md). Every key of one script shares the
 * channel's hash tag, so scripts also run on Redis Cluster.
 */
final class Scripts {

    private Scripts() {
    }

    /**
     * KEYS: stream, meta, idempotency result. ARGV: payload, history size, history ttl ms, meta ttl ms, pub/sub
     * channel, epoch candidate, publish command ({@code publish}, or {@code spublish} for sharded pub/sub),
     * idempotency ttl ms ({@code 0}: no idempotency key). A missing meta means the stream's position was lost: a new
     * epoch starts and any stale entries are dropped. A remembered idempotency result is answered without publishing.
     */
    static final Script PUBLISH = new Script("""
            if ARGV[8] ~= '0' then
              local seen = redis.call('hmget', KEYS[3], 'o', 'e')
              if seen[1] then return {tonumber(seen[1]), seen[2]} end
            end
            local epoch = redis.call('hget', KEYS[2], 'e')
            if not epoch then
              epoch = ARGV[6]
              redis.call('del', KEYS[1])
              redis.call('hset', KEYS[2], 'e', epoch, 's', 0)
            end
            local offset = redis.call('hincrby', KEYS[2], 's', 1)
            redis.call('pexpire', KEYS[2], ARGV[4])
            redis.call('xadd', KEYS[1], 'MAXLEN', ARGV[2], offset .. '-0', 'd', ARGV[1])
            redis.call('pexpire', KEYS[1], ARGV[3])
            redis.call(ARGV[7], ARGV[5], 'p' .. offset .. ':' .. epoch .. ':' .. ARGV[1])
            if ARGV[8] ~= '0' then
              redis.call('hset', KEYS[3], 'o', offset, 'e', epoch)
              redis.call('pexpire', KEYS[3], ARGV[8])
            end
            return {offset, epoch}
            """);

    /**
     * KEYS: idempotency result. ARGV: idempotency ttl ms, pub/sub channel, message, publish command. A publish
     * without history that is sent once per key: returns 1 when published, 0 when the key was already used.
     */
    static final Script PUBLISH_ONCE = new Script("""
            if not redis.call('set', KEYS[1], '1', 'NX', 'PX', ARGV[1]) then return 0 end
            redis.call(ARGV[4], ARGV[2], ARGV[3])
            return 1
            """);

    /**
     * KEYS: stream, meta. ARGV: epoch candidate, meta ttl ms, read (0/1), reverse (0/1), from id, to id, count (-1
     * for all). Returns {top offset, epoch, oldest kept id or '', entries}.
     */
    static final Script HISTORY = new Script("""
            local epoch = redis.call('hget', KEYS[2], 'e')
            if not epoch then
              epoch = ARGV[1]
              redis.call('del', KEYS[1])
              redis.call('hset', KEYS[2], 'e', epoch, 's', 0)
              redis.call('pexpire', KEYS[2], ARGV[2])
            end
            local top = redis.call('hget', KEYS[2], 's')
            local first = redis.call('xrange', KEYS[1], '-', '+', 'COUNT', 1)
            local oldest = ''
            if #first > 0 then oldest = first[1][1] end
            local entries = {}
            if ARGV[3] == '1' then
              local cmd = 'xrange'
              if ARGV[4] == '1' then cmd = 'xrevrange' end
              if ARGV[7] == '-1' then
                entries = redis.call(cmd, KEYS[1], ARGV[5], ARGV[6])
              else
                entries = redis.call(cmd, KEYS[1], ARGV[5], ARGV[6], 'COUNT', ARGV[7])
              end
            end
            return {top, epoch, oldest, entries}
            """);

    /** KEYS: presence data, presence expiry. ARGV: client id, info, expire-at ms, ttl ms. */
    static final Script PRESENCE_ADD = new Script("""
            redis.call('hset', KEYS[1], ARGV[1], ARGV[2])
            redis.call('zadd', KEYS[2], ARGV[3], ARGV[1])
            redis.call('pexpire', KEYS[1], ARGV[4])
            redis.call('pexpire', KEYS[2], ARGV[4])
            return 1
            """);

    /** KEYS: presence data, presence expiry. ARGV: now ms. Purges expired members, returns the rest (HGETALL). */
    static final Script PRESENCE_GET = new Script("""
            local expired = redis.call('zrangebyscore', KEYS[2], '-inf', ARGV[1])
            for i = 1, #expired, 100 do
              redis.call('hdel', KEYS[1], unpack(expired, i, math.min(i + 99, #expired)))
            end
            if #expired > 0 then redis.call('zremrangebyscore', KEYS[2], '-inf', ARGV[1]) end
            return redis.call('hgetall', KEYS[1])
            """);

    /** KEYS: presence data, presence expiry. ARGV: client id. */
    static final Script PRESENCE_REMOVE = new Script("""
            redis.call('hdel', KEYS[1], ARGV[1])
            redis.call('zrem', KEYS[2], ARGV[1])
            return 1
            """);
}
