package io.pulsegate.engine.redis;

/**
 * The Lua scripts of {@link RedisMapStore}: each one operation on one map channel, atomic, touching only keys of the
 * channel's hash tag (so they run on Redis Cluster). See docs/adr/0008-map-state-in-the-engines.md.
 *
 * <p>
 * Every script starts with {@link #PRELUDE}. KEYS: 1 stream, 2 meta (hash {@code e} epoch, {@code s} top offset),
 * 3 state (hash key → {@code <offset>:<payload>}), 4 keys (sorted set, lex order), 5 expiry (sorted set key →
 * expire-at ms). ARGV: 1 epoch candidate, 2 now ms, 3 stream size (0: no stream), 4 stream ttl ms, 5 meta ttl ms (0:
 * forever), 6 pub/sub channel, 7 publish command, 8 removal payload prefix; the operation's own arguments follow.
 * The prelude creates the meta (a new epoch, dropping stale stream and state) when it is missing and expires up to
 * 1000 due keys, each a removal appended, applied and published like any change.
 */
final class MapScripts {

    private MapScripts() {
    }

    private static final String PRELUDE = """
            local epoch = redis.call('hget', KEYS[2], 'e')
            if not epoch then
              epoch = ARGV[1]
              redis.call('del', KEYS[1], KEYS[3], KEYS[4], KEYS[5])
              redis.call('hset', KEYS[2], 'e', epoch, 's', 0)
              if ARGV[5] ~= '0' then redis.call('pexpire', KEYS[2], ARGV[5]) end
            end
            local changed = false
            local function top()
              return tonumber(redis.call('hget', KEYS[2], 's'))
            end
            local function append(key, payload, removed)
              local offset = redis.call('hincrby', KEYS[2], 's', 1)
              if ARGV[3] ~= '0' then
                redis.call('xadd', KEYS[1], 'MAXLEN', ARGV[3], offset .. '-0', 'd', payload)
                redis.call('pexpire', KEYS[1], ARGV[4])
              end
              if removed then
                redis.call('hdel', KEYS[3], key)
                redis.call('zrem', KEYS[4], key)
                redis.call('zrem', KEYS[5], key)
              else
                redis.call('hset', KEYS[3], key, offset .. ':' .. payload)
                redis.call('zadd', KEYS[4], 0, key)
              end
              redis.call(ARGV[7], ARGV[6], 'p' .. offset .. ':' .. epoch .. ':' .. payload)
              changed = true
              return offset
            end
            local function touch()
              if not changed then return end
              for i = 2, 5 do
                if ARGV[5] == '0' then redis.call('persist', KEYS[i]) else redis.call('pexpire', KEYS[i], ARGV[5]) end
              end
            end
            local due = redis.call('zrangebyscore', KEYS[5], '-inf', ARGV[2], 'LIMIT', 0, 1000)
            for _, key in ipairs(due) do append(key, ARGV[8] .. key, true) end
            """;

    /**
     * ARGV 9 key, 10 payload, 11 key ttl ms (0: none), 12 max keys (0: none), 13 mode ({@code a} always, {@code n} if
     * new, {@code x} if exists). Returns {offset, epoch, suppress reason or '' or 'max_keys'}.
     */
    static final Script PUBLISH = new Script(PRELUDE + """
            local key = ARGV[9]
            local exists = redis.call('hexists', KEYS[3], key) == 1
            local result
            if ARGV[13] == 'n' and exists then
              result = {top(), epoch, 'key_exists'}
            elseif ARGV[13] == 'x' and not exists then
              result = {top(), epoch, 'key_not_found'}
            elseif not exists and ARGV[12] ~= '0' and redis.call('zcard', KEYS[4]) >= tonumber(ARGV[12]) then
              result = {top(), epoch, 'max_keys'}
            else
              local offset = append(key, ARGV[10], false)
              if ARGV[11] ~= '0' then
                redis.call('zadd', KEYS[5], tonumber(ARGV[2]) + tonumber(ARGV[11]), key)
              else
                redis.call('zrem', KEYS[5], key)
              end
              result = {offset, epoch, ''}
            end
            touch()
            return result
            """);

    /** ARGV 9 key. Returns {offset, epoch, '' or 'key_not_found'}. */
    static final Script REMOVE = new Script(PRELUDE + """
            local result
            if redis.call('hexists', KEYS[3], ARGV[9]) == 1 then
              result = {append(ARGV[9], ARGV[8] .. ARGV[9], true), epoch, ''}
            else
              result = {top(), epoch, 'key_not_found'}
            end
            touch()
            return result
            """);

    /**
     * ARGV 9 cursor (exclusive start key, '' for the first page), 10 limit (-1: all, 0: none; one more is read to
     * tell whether a page follows), 11 single key ('' for all; else only that key, the cursor ignored). Returns
     * {top, epoch, keys, values}.
     */
    static final Script STATE = new Script(PRELUDE + """
            local names = {}
            local values = {}
            if ARGV[10] ~= '0' then
              local from = '-'
              local to = '+'
              if ARGV[11] ~= '' then
                from = '[' .. ARGV[11]
                to = from
              elseif ARGV[9] ~= '' then
                from = '(' .. ARGV[9]
              end
              if ARGV[10] == '-1' then
                names = redis.call('zrangebylex', KEYS[4], from, to)
              else
                names = redis.call('zrangebylex', KEYS[4], from, to, 'LIMIT', 0, tonumber(ARGV[10]) + 1)
              end
              for i = 1, #names, 500 do
                local chunk = redis.call('hmget', KEYS[3], unpack(names, i, math.min(i + 499, #names)))
                for _, v in ipairs(chunk) do values[#values + 1] = v end
              end
            end
            touch()
            return {top(), epoch, names, values}
            """);

    /**
     * ARGV 9 first id to read, 10 count (-1: all, 0: none). Returns {top, epoch, oldest kept id or '', entries}.
     */
    static final Script STREAM = new Script(PRELUDE + """
            local first = redis.call('xrange', KEYS[1], '-', '+', 'COUNT', 1)
            local oldest = ''
            if #first > 0 then oldest = first[1][1] end
            local entries = {}
            if ARGV[10] == '-1' then
              entries = redis.call('xrange', KEYS[1], ARGV[9], '+')
            elseif ARGV[10] ~= '0' then
              entries = redis.call('xrange', KEYS[1], ARGV[9], '+', 'COUNT', ARGV[10])
            end
            touch()
            return {top(), epoch, oldest, entries}
            """);

    /** Only the prelude's expiry. Returns {expired count, number of keys, top, epoch}. */
    static final Script EXPIRE = new Script(PRELUDE + """
            touch()
            return {#due, redis.call('zcard', KEYS[4]), top(), epoch}
            """);

    /** KEYS as above, no ARGV: drops the map entirely, so the next operation starts a new epoch. */
    static final Script CLEAR = new Script("""
            redis.call('del', KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5])
            return 1
            """);
}
