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
 * @param key {@code ""} (or {@code null}) to page through all keys; otherwise only this key's entry is read (at most
 *        one entry, the cursor is ignored and the page is the last). A dedicated filter rather than a cursor: an
 *        exclusive-start cursor cannot select one key, since no string is the immediate predecessor of another in
 *        key order
 */
public record MapStateQuery(String cursor, int limit, StreamPosition revision, String key) {

    /** A query over all keys. */
    public MapStateQuery(String cursor, int limit, StreamPosition revision) {
        this(cursor, limit, revision, "");
    }

    /** The first page. */
    public static MapStateQuery first(int limit) {
        return new MapStateQuery("", limit, null);
    }

    /** @return the page after {@code page}, keeping its frozen position */
    public static MapStateQuery next(MapStatePage page, int limit) {
        return new MapStateQuery(page.cursor(), limit, page.position());
    }

    /** @return a read of {@code key}'s entry alone, checked against {@code revision} when it is not {@code null} */
    public static MapStateQuery single(String key, StreamPosition revision) {
        MapOptions.checkKey(key);
        return new MapStateQuery("", -1, revision, key);
    }

    /** @return the cursor, {@code ""} when none */
    public String start() {
        return cursor == null || !only().isEmpty() ? "" : cursor;
    }

    /** @return the single key read, {@code ""} when the query pages through all keys */
    public String only() {
        return key == null ? "" : key;
    }
}
