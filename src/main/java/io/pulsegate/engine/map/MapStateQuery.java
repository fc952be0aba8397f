package io.pulsegate.engine.map;

import io.pulsegate.protocol.StreamPosition;

/**
 * A state page request.
 *
 * @param cursor where the page starts: {@code ""} (or {@code null}) for the first page, else the previous page's
 *        {@link MapStatePage#cursor()}
 * @param limit most entries returned; {@code 0}: only the position; negative: all the rest. Clamping a client's page
 *        size is the caller's policy ({@link MapPageSize})
 * @param revision the position frozen at the first page, {@code null} on the first page
 */
public record MapStateQuery(String cursor, int limit, StreamPosition revision) {

    /** The first page. */
    public static MapStateQuery first(int limit) {
        return new MapStateQuery("", limit, null);
    }

    /** @return the page after {@code page}, keeping its frozen position */
    public static MapStateQuery next(MapStatePage page, int limit) {
        return new MapStateQuery(page.cursor(), limit, page.position());
    }

    /** @return the cursor, {@code ""} when none */
    public String start() {
        return cursor == null ? "" : cursor;
    }
}
