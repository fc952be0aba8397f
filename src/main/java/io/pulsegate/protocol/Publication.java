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
 * @param key the map key this publication changes, {@code null} outside map channels
 * @param removed the publication removes {@code key} from the map (its {@code data} is then {@code null})
 */
public record Publication(byte[] data, ClientInfo info, long offset, Map<String, String> tags, boolean delta,
        String key, boolean removed)
        implements
            PushBody {

    /** A publication that is not a map change. */
    public Publication(byte[] data, ClientInfo info, long offset, Map<String, String> tags, boolean delta) {
        this(data, info, offset, tags, delta, null, false);
    }

    /** A publication with its full payload. */
    public Publication(byte[] data, ClientInfo info, long offset, Map<String, String> tags) {
        this(data, info, offset, tags, false);
    }

    /** @return the same publication placed at {@code newOffset} of its stream */
    public Publication withOffset(long newOffset) {
        return new Publication(data, info, newOffset, tags, delta, key, removed);
    }

    /** @return the same publication carrying {@code newData}, a delta when {@code isDelta} */
    public Publication withData(byte[] newData, boolean isDelta) {
        return new Publication(newData, info, offset, tags, isDelta, key, removed);
    }

    /** @return the same publication as a change of map key {@code mapKey}, a removal when {@code isRemoval} */
    public Publication withKey(String mapKey, boolean isRemoval) {
        return new Publication(data, info, offset, tags, delta, mapKey, isRemoval);
    }
}
