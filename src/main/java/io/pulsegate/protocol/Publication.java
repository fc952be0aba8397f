package io.pulsegate.protocol;

import java.util.Map;

/**
 * A message published into a channel.
 *
 * @param data payload: raw JSON bytes, or opaque bytes for binary publications
 * @param info publisher, present for client-side publishes, else {@code null}
 * @param offset stream offset, 0 when the channel keeps no history
 * @param tags optional string tags, or {@code null}
 */
public record Publication(byte[] data, ClientInfo info, long offset, Map<String, String> tags) implements PushBody {

    /** @return the same publication placed at {@code newOffset} of its stream */
    public Publication withOffset(long newOffset) {
        return new Publication(data, info, newOffset, tags);
    }
}
