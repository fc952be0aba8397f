package io.pulsegate.engine.map;

import java.util.List;

import io.pulsegate.protocol.Publication;
import io.pulsegate.protocol.StreamPosition;

/**
 * One page of a map's state.
 *
 * @param entries publications carrying {@code key}, {@code data}, {@code info}, {@code tags} and the offset of the
 *        key's last change, in key order
 * @param cursor the next page's cursor, {@code ""} on the last page
 * @param position the stream position the pagination is frozen at (the top when the first page was read)
 */
public record MapStatePage(List<Publication> entries, String cursor, StreamPosition position) {

    /** @return whether this is the last page */
    public boolean last() {
        return cursor.isEmpty();
    }
}
