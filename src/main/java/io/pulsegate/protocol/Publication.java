package io.pulsegate.protocol;

import java.util.Map;

/**
 * A message published into a channel.
 *
 * @param data payload: raw JSON bytes, or opaque bytes for binary publications
 * @param info publisher, present for client-side publishes, else {@code null}
 * @param offset stream offset, 0 when the channel keeps no history
 * @param tags optional string tags, or {@code null}
 * @param delta on the wire to a client: {@code data} is a fossil delta against the previous publication that client
 *        received (never set on stored publications)
 */
public record Publication(byte[] data, ClientInfo info, long offset, Map<String, String> tags, boolean delta)
        implements
            PushBody {

    /** A publication with its full payload. */
    public Publication(byte[] data, ClientInfo info, long offset, Map<String, String> tags) {
        this(data, info, offset, tags, false);
    }

    /** @return the same publication placed at {@code newOffset} of its stream */
    public Publication withOffset(long newOffset) {
        return new Publication(data, info, newOffset, tags, delta);
    }

    /** @return the same publication carrying {@code newData}, a delta when {@code isDelta} */
    public Publication withData(byte[] newData, boolean isDelta) {
        return new Publication(newData, info, offset, tags, isDelta);
    }
}
