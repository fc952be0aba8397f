package io.pulsegate.map;

import io.pulsegate.config.MapConfig;
import io.pulsegate.engine.map.MapOptions;
import io.pulsegate.engine.map.MapPageSize;

/**
 * A map namespace, resolved once from configuration.
 *
 * @param options what the engine needs on every call (mode, TTLs, limits)
 * @param pages the page-size policy of state and stream pages
 * @param clientKey how a client's map write picks its key
 * @param catchUpTimeoutNanos how long a subscriber may page before it must be live
 */
public record MapSettings(MapOptions options, MapPageSize pages, MapConfig.ClientKey clientKey,
        long catchUpTimeoutNanos) {

    /**
     * @throws IllegalArgumentException for an inconsistent configuration (an expiring mode without a key TTL, a
     *         persistent one with it, a stream without size)
     */
    public static MapSettings of(String namespace, MapConfig c) {
        String where = "namespace '" + namespace + "': map.";
        boolean ttl = !c.keyTtl().isZero() && !c.keyTtl().isNegative();
        MapOptions options = switch (c.mode()) {
            case EPHEMERAL -> {
                require(ttl, where + "key-ttl must be > 0 in ephemeral mode");
                yield MapOptions.ephemeral(c.keyTtl());
            }
            case RECOVERABLE -> {
                require(ttl, where + "key-ttl must be > 0 in recoverable mode (use persistent for keys that stay)");
                require(c.streamSize() > 0, where + "stream-size must be > 0 in recoverable mode");
                yield MapOptions.recoverable(c.keyTtl(), c.streamSize(), c.streamTtl());
            }
            case PERSISTENT -> {
                require(!ttl, where + "key-ttl must be 0 in persistent mode");
                require(c.streamSize() > 0, where + "stream-size must be > 0 in persistent mode");
                yield MapOptions.persistent(c.streamSize(), c.streamTtl());
            }
        };
        require(c.maxKeys() >= 0 && c.maxValueSize() >= 0, where + "limits must not be negative");
        MapPageSize pages;
        try {
            pages = new MapPageSize(c.defaultPageSize(), c.minPageSize(), c.maxPageSize());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + "page sizes: " + e.getMessage(), e);
        }
        return new MapSettings(options.withLimits(c.maxKeys(), c.maxValueSize()), pages, c.clientKey(),
                Math.max(1, c.catchUpTimeout().toNanos()));
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
