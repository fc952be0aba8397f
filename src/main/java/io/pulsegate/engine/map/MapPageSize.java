package io.pulsegate.engine.map;

/**
 * The page-size policy of map state and stream pages (Centrifugo {@code getMapPageSize}): a client's limit, or
 * {@code defaultSize} when it gives none (≤ 0), clamped to [{@code min}, {@code max}].
 */
public record MapPageSize(int defaultSize, int min, int max) {

    /** Centrifugo's defaults: 100, at least 100, at most 1000. */
    public static final MapPageSize DEFAULT = new MapPageSize(100, 100, 1000);

    public MapPageSize {
        if (min <= 0 || max < min || defaultSize < min || defaultSize > max) {
            throw new IllegalArgumentException("need 0 < min <= default <= max: " + defaultSize + "/" + min + "/"
                    + max);
        }
    }

    /** @return the page size to use for a client's requested {@code limit} */
    public int clamp(int limit) {
        int size = limit <= 0 ? defaultSize : limit;
        return Math.max(min, Math.min(max, size));
    }
}
