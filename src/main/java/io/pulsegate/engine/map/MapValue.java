package io.pulsegate.engine.map;

import java.util.Map;

/**
 * The value written to a map key.
 *
 * @param data payload (raw JSON or opaque bytes); {@code null} for none (e.g. a presence entry holding only info)
 * @param info the writing client (client-side writes, map presence), or {@code null}
 * @param tags optional string tags, or {@code null}
 */
public record MapValue(byte[] data, io.pulsegate.protocol.ClientInfo info, Map<String, String> tags) {

    /** A value with only a payload. */
    public static MapValue of(byte[] data) {
        return new MapValue(data, null, null);
    }

    /** @return payload size in bytes (0 without payload) */
    public int size() {
        return data == null ? 0 : data.length;
    }
}
