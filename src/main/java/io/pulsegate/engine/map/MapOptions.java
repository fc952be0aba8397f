package io.pulsegate.engine.map;

import java.time.Duration;

/**
 * A map channel's configuration, resolved from its namespace (Centrifugo {@code map.*}). The modes of the contract
 * are {@link #ephemeral}, {@link #recoverable} and {@link #persistent}.
 *
 * @param streamSize changes kept in the channel stream; 0: no stream (ephemeral, not recoverable)
 * @param streamTtl how long the stream lives after its last change
 * @param metaTtl how long the position (offset, epoch) and the state outlive the last change; {@link Duration#ZERO}
 *        means forever (persistent maps)
 * @param keyTtl how long a key lives after its last write; {@link Duration#ZERO}: keys never expire
 * @param maxKeys most keys in the map, 0 for no limit
 * @param maxValueSize most payload bytes of one value, 0 for no limit
 */
public record MapOptions(int streamSize, Duration streamTtl, Duration metaTtl, Duration keyTtl, int maxKeys,
        int maxValueSize) {

    /** Centrifugo's stream defaults: 100 changes, 1 minute. */
    public static final int DEFAULT_STREAM_SIZE = 100;
    public static final Duration DEFAULT_STREAM_TTL = Duration.ofMinutes(1);

    public MapOptions {
        if (streamSize < 0 || maxKeys < 0 || maxValueSize < 0) {
            throw new IllegalArgumentException("negative map limit");
        }
        streamTtl = orZero(streamTtl);
        metaTtl = orZero(metaTtl);
        keyTtl = orZero(keyTtl);
        if (streamSize > 0 && streamTtl.isZero()) {
            throw new IllegalArgumentException("a map stream needs a TTL");
        }
        if (!metaTtl.isZero() && metaTtl.compareTo(keyTtl) < 0) {
            metaTtl = keyTtl; // the position must outlive every key it numbers
        }
    }

    /**
     * No stream, keys expire after {@code keyTtl}. The position lives twice the key TTL, so that the removals of the
     * last keys still get offsets of the same epoch.
     */
    public static MapOptions ephemeral(Duration keyTtl) {
        return new MapOptions(0, Duration.ZERO, keyTtl.multipliedBy(2), keyTtl, 0, 0);
    }

    /** Stream, keys expire after {@code keyTtl}; the meta lives 10 × the stream TTL (at least the key TTL). */
    public static MapOptions recoverable(Duration keyTtl, int streamSize, Duration streamTtl) {
        return new MapOptions(streamSize, streamTtl, streamTtl.multipliedBy(10), keyTtl, 0, 0);
    }

    /** Stream, keys never expire, the position is kept forever. */
    public static MapOptions persistent(int streamSize, Duration streamTtl) {
        return new MapOptions(streamSize, streamTtl, Duration.ZERO, Duration.ZERO, 0, 0);
    }

    /** @return the same options with key and value-size limits */
    public MapOptions withLimits(int keys, int valueSize) {
        return new MapOptions(streamSize, streamTtl, metaTtl, keyTtl, keys, valueSize);
    }

    /** @return whether changes are kept in a stream (the map is recoverable) */
    public boolean hasStream() {
        return streamSize > 0;
    }

    /** @return whether keys expire */
    public boolean keysExpire() {
        return !keyTtl.isZero();
    }

    /** @throws MapLimitException when {@code value} is larger than {@link #maxValueSize()} */
    public void checkValue(MapValue value) {
        if (maxValueSize > 0 && value.size() > maxValueSize) {
            throw new MapLimitException(MapLimitException.Limit.MAX_VALUE_SIZE,
                    "map value of " + value.size() + " bytes exceeds " + maxValueSize);
        }
    }

    /**
     * @param value the value written, {@code null} for a removal
     * @return why a write of {@code key} is refused before it reaches the engine (the failure its {@code Uni}
     *         carries), or {@code null}
     */
    public static RuntimeException invalid(String key, MapValue value, MapOptions options) {
        try {
            checkKey(key);
            if (value != null) {
                options.checkValue(value);
            }
            return null;
        } catch (IllegalArgumentException | MapLimitException e) {
            return e;
        }
    }

    /** Validates a key: non-empty. */
    public static void checkKey(String key) {
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("map key must not be empty");
        }
    }

    private static Duration orZero(Duration d) {
        return d == null || d.isNegative() ? Duration.ZERO : d;
    }
}
