package io.pulsegate.engine.map;

/**
 * A map write exceeded a configured limit; nothing was changed. Expected control flow, so no stack trace. The
 * protocol layer answers 106 "limit exceeded" for {@link Limit#MAX_KEYS} and 107 "bad request" for
 * {@link Limit#MAX_VALUE_SIZE} (Centrifugo's choices).
 */
public final class MapLimitException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Which limit was hit. */
    public enum Limit {
        /** {@link MapOptions#maxKeys()}: the key is new and the map is full. */
        MAX_KEYS,
        /** {@link MapOptions#maxValueSize()}: the value is too large. */
        MAX_VALUE_SIZE
    }

    private final Limit limit;

    public MapLimitException(Limit limit, String message) {
        super(message, null, false, false);
        this.limit = limit;
    }

    /** @return the limit that was hit */
    public Limit limit() {
        return limit;
    }
}
