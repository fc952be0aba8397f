package io.pulsegate.api;

import java.util.List;
import java.util.Map;

import io.pulsegate.engine.map.KeyMode;
import io.pulsegate.protocol.StreamPosition;

/**
 * Requests of the Centrifugo server HTTP API ({@code POST /api/<method>}), one record per method. Absent fields hold
 * their zero value ({@code ""}, 0, false, {@code null} for bytes, lists and maps). Payloads given as JSON ({@code data},
 * {@code info}) hold the raw JSON bytes; payloads given as base64 ({@code b64data}, {@code b64info}) hold the decoded
 * bytes.
 */
public sealed interface ApiRequest {

    /** @return the method name as it appears in the URL and in batch commands */
    String method();

    /**
     * {@code publish}.
     *
     * @param binary whether {@code data} came from {@code b64data} (it then cannot reach JSON clients)
     * @param delta deliver as a fossil delta to subscribers that negotiated one
     */
    record Publish(String channel, byte[] data, boolean binary, boolean skipHistory, Map<String, String> tags,
            String idempotencyKey, boolean delta) implements ApiRequest {
        public String method() {
            return "publish";
        }
    }

    /** {@code broadcast}: one publication into several channels. */
    record Broadcast(List<String> channels, byte[] data, boolean binary, boolean skipHistory, Map<String, String> tags,
            String idempotencyKey, boolean delta) implements ApiRequest {
        public String method() {
            return "broadcast";
        }
    }

    /**
     * {@code subscribe}: server-side subscription of a user's live sessions.
     *
     * @param expireAt Unix seconds when the subscription expires, 0 for never
     * @param recoverSince position to recover from, or {@code null}
     */
    record Subscribe(String channel, String user, String client, String session, long expireAt, byte[] info,
            byte[] data, StreamPosition recoverSince) implements ApiRequest {
        public String method() {
            return "subscribe";
        }
    }

    /** {@code unsubscribe}. */
    record Unsubscribe(String channel, String user, String client, String session) implements ApiRequest {
        public String method() {
            return "unsubscribe";
        }
    }

    /**
     * {@code disconnect}.
     *
     * @param whitelist client ids to keep connected
     * @param disconnect the code and reason to close with, or {@code null} for the default
     */
    record Disconnect(String user, String client, String session, List<String> whitelist, Reason disconnect)
            implements
                ApiRequest {
        public String method() {
            return "disconnect";
        }

        /** The {@code disconnect{code,reason}} object. */
        public record Reason(int code, String reason) {}
    }

    /** {@code refresh}: extends or expires a user's connections. */
    record Refresh(String user, String client, String session, boolean expired, long expireAt) implements ApiRequest {
        public String method() {
            return "refresh";
        }
    }

    /** {@code presence}. */
    record Presence(String channel) implements ApiRequest {
        public String method() {
            return "presence";
        }
    }

    /** {@code presence_stats}. */
    record PresenceStats(String channel) implements ApiRequest {
        public String method() {
            return "presence_stats";
        }
    }

    /** {@code history}; {@code limit} 0 returns the stream position only. */
    record History(String channel, int limit, StreamPosition since, boolean reverse) implements ApiRequest {
        public String method() {
            return "history";
        }
    }

    /** {@code history_remove}. */
    record HistoryRemove(String channel) implements ApiRequest {
        public String method() {
            return "history_remove";
        }
    }

    /** {@code channels}: active channels matching a glob pattern ({@code ""} for all). */
    record Channels(String pattern) implements ApiRequest {
        public String method() {
            return "channels";
        }
    }

    /**
     * {@code rpc}: a call passed through to the RPC proxy of the method's namespace, as if a connection without user
     * had made it.
     *
     * @param rpcMethod the RPC method, routed like a client's
     * @param params raw JSON handed to the backend as the call's {@code data}, or {@code null}
     */
    record Rpc(String rpcMethod, byte[] params) implements ApiRequest {
        public String method() {
            return "rpc";
        }
    }

    /** {@code info}: node statistics. */
    record Info() implements ApiRequest {
        public String method() {
            return "info";
        }
    }

    /** A method on a map channel ({@code subscription-type=map} namespace); validated against the namespace. */
    sealed interface MapRequest extends ApiRequest {
        /** @return the map channel */
        String channel();
    }

    /**
     * {@code map_publish}: sets {@code key}.
     *
     * @param binary whether {@code data} came from {@code b64data}
     * @param keyMode {@code key_mode}: absent → {@link KeyMode#ALWAYS}
     */
    record MapPublish(String channel, String key, byte[] data, boolean binary, Map<String, String> tags,
            KeyMode keyMode) implements MapRequest {
        public String method() {
            return "map_publish";
        }
    }

    /** {@code map_remove}. */
    record MapRemove(String channel, String key) implements MapRequest {
        public String method() {
            return "map_remove";
        }
    }

    /**
     * {@code map_read_state}.
     *
     * @param limit -1: all; 0: the position only; positive: a page (clamped by the namespace's page sizes)
     * @param key {@code ""}: page through all keys; else only this key's entry
     * @param revision the frozen position of the first page, {@code null} on the first page
     */
    record MapReadState(String channel, String cursor, int limit, String key, StreamPosition revision)
            implements
                MapRequest {
        public String method() {
            return "map_read_state";
        }
    }

    /** {@code map_read_stream}; {@code since} {@code null}: from the oldest change kept. */
    record MapReadStream(String channel, StreamPosition since, int limit, boolean reverse) implements MapRequest {
        public String method() {
            return "map_read_stream";
        }
    }

    /** {@code map_stats}. */
    record MapStats(String channel) implements MapRequest {
        public String method() {
            return "map_stats";
        }
    }

    /** {@code map_clear}. */
    record MapClear(String channel) implements MapRequest {
        public String method() {
            return "map_clear";
        }
    }

    /**
     * {@code batch}: several commands in one request. Each command is answered separately; a command that failed
     * validation is held as {@link Rejected} so the rest of the batch still runs.
     */
    record Batch(List<ApiRequest> commands, boolean parallel) implements ApiRequest {
        public String method() {
            return "batch";
        }
    }

    /**
     * A batch command that failed validation (107) or named no known method (104, {@code method} is {@code ""}). Only
     * appears inside {@link Batch}; answer it with its error.
     */
    record Rejected(String method, ApiError error) implements ApiRequest {}
}
