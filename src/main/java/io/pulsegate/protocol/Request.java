package io.pulsegate.protocol;

import java.util.Map;

/**
 * The request bodies a {@link Command} may carry, one record per protocol method. Field names follow
 * {@code client.proto}; payloads ({@code data}) are codec-neutral bytes: raw JSON text for the JSON protocol, opaque
 * bytes for Protobuf. Absent fields hold their zero value ({@code null} for bytes and maps, {@code ""} for strings).
 */
public sealed interface Request {

    /**
     * {@code connect}: must be the first command of a connection.
     *
     * @param headers "headers emulation": header values the client put into the command itself (browsers cannot set
     *        headers on WebSocket or EventSource). Client-controlled, never mixed with the connection's real HTTP
     *        headers; {@code null} when absent
     */
    record Connect(String token, byte[] data, Map<String, Subscribe> subs, String name, String version,
            Map<String, String> headers) implements Request {}

    /**
     * {@code subscribe}, with the recovery hints of a resubscribing client.
     *
     * @param type subscription type: {@link #TYPE_STREAM} (0) for publication streams; other values (map, shared poll)
     *        come from newer SDKs
     * @param delta the delta encoding the client asks for ({@code "fossil"}), {@code ""} for none
     * @param page the map phase fields ({@link Page#NONE} for other types)
     */
    record Subscribe(String channel, String token, boolean recover, String epoch, long offset, byte[] data,
            boolean positioned, boolean recoverable, boolean joinLeave, long flag, int type, String delta, Page page)
            implements
                Request {

        /** A subscribe without map phase fields. */
        public Subscribe(String channel, String token, boolean recover, String epoch, long offset, byte[] data,
                boolean positioned, boolean recoverable, boolean joinLeave, long flag, int type, String delta) {
            this(channel, token, recover, epoch, offset, data, positioned, recoverable, joinLeave, flag, type, delta,
                    Page.NONE);
        }

        /** A subscribe without a delta encoding. */
        public Subscribe(String channel, String token, boolean recover, String epoch, long offset, byte[] data,
                boolean positioned, boolean recoverable, boolean joinLeave, long flag, int type) {
            this(channel, token, recover, epoch, offset, data, positioned, recoverable, joinLeave, flag, type, "");
        }

        /** Subscribe flag bit: the client wants error 112 instead of {@code recovered:false}. */
        public static final long FLAG_REJECT_UNRECOVERED = 2;

        /** The classic publication stream subscription. */
        public static final int TYPE_STREAM = 0;

        /** A map subscription (keyed state). */
        public static final int TYPE_MAP = 1;

        /**
         * The phase fields of a map subscribe.
         *
         * @param phase {@link #LIVE}, {@link #STREAM} or {@link #STATE}
         * @param cursor where a state page starts, {@code ""} for the first
         * @param limit the page size the client asks for, ≤ 0 for the default
         */
        public record Page(int phase, String cursor, int limit) {
            public static final int LIVE = 0;
            public static final int STREAM = 1;
            public static final int STATE = 2;
            public static final Page NONE = new Page(LIVE, "", 0);

            /** @return the fields, {@link #NONE} when none was given */
            public static Page of(int phase, String cursor, int limit) {
                return phase == 0 && (cursor == null || cursor.isEmpty()) && limit == 0
                        ? NONE
                        : new Page(phase, cursor == null ? "" : cursor, limit);
            }
        }
    }

    /** {@code unsubscribe}. */
    record Unsubscribe(String channel) implements Request {}

    /**
     * {@code publish} from a client.
     *
     * @param type {@link #TYPE_STREAM} (0) for a publication into a stream; 1 is a map publish (not implemented)
     * @param key map publish: the key to set or remove
     * @param removed map publish: remove {@code key} instead of setting it
     * @param tags publication tags the client protocol sets itself (Socket.IO: the event name), or {@code null}
     */
    record Publish(String channel, byte[] data, int type, String key, boolean removed,
            java.util.Map<String, String> tags) implements Request {

        /** A publish as the Centrifugo protocols carry it: no tags. */
        public Publish(String channel, byte[] data, int type, String key, boolean removed) {
            this(channel, data, type, key, removed, null);
        }

        /** A plain stream publish. */
        public Publish(String channel, byte[] data) {
            this(channel, data, TYPE_STREAM, "", false);
        }

        /** A publication into the channel's stream. */
        public static final int TYPE_STREAM = 0;

        /** A map write: sets or removes {@code key}. */
        public static final int TYPE_MAP = 1;

        /** @return true when the command carries any map publish field */
        public boolean isMap() {
            return type != TYPE_STREAM || !key.isEmpty() || removed;
        }
    }

    /** {@code presence}. */
    record Presence(String channel) implements Request {}

    /** {@code presence_stats}. */
    record PresenceStats(String channel) implements Request {}

    /**
     * {@code history}.
     *
     * @param since position to read after, or {@code null} to read from the start (or end when reversed)
     */
    record History(String channel, int limit, StreamPosition since, boolean reverse) implements Request {}

    /** {@code ping}: defined by the schema but unused in protocol v2; answered with error 108. */
    record Ping() implements Request {}

    /** {@code send}: fire-and-forget, never answered. */
    record Send(byte[] data) implements Request {}

    /** {@code rpc}. */
    record Rpc(byte[] data, String method) implements Request {}

    /** {@code refresh}: a new connection token. */
    record Refresh(String token) implements Request {}

    /**
     * {@code sub_refresh}: a new subscription token for one channel.
     *
     * @param type {@link #TYPE_REFRESH} (0) for a token refresh; 1 (track) and 2 (untrack) are shared-poll key tracking
     *        (not implemented)
     * @param tracking the command carries shared-poll {@code track} batches or {@code untrack} keys
     */
    record SubRefresh(String channel, String token, int type, boolean tracking) implements Request {

        /** A plain subscription token refresh. */
        public SubRefresh(String channel, String token) {
            this(channel, token, TYPE_REFRESH, false);
        }

        /** A subscription token refresh. */
        public static final int TYPE_REFRESH = 0;

        /** @return true when the command carries any shared-poll tracking field (not implemented) */
        public boolean isSharedPoll() {
            return type != TYPE_REFRESH || tracking;
        }
    }
}
