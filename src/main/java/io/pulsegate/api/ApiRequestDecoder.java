package io.pulsegate.api;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import io.pulsegate.engine.map.KeyMode;
import io.pulsegate.protocol.StreamPosition;
import io.pulsegate.protocol.json.JsonPayloads;
import io.pulsegate.protocol.json.JsonReader;

/**
 * Streaming decoder of server API request bodies. Syntax errors and wrong types fail the whole body (HTTP 400);
 * missing or contradictory fields are validation errors (107), which inside a batch reject only that command.
 */
final class ApiRequestDecoder {

    /** Methods in the order a batch command's fields are dispatched. */
    static final List<String> METHODS = List.of("publish", "broadcast", "subscribe", "unsubscribe", "disconnect",
            "refresh", "presence", "presence_stats", "history", "history_remove", "channels", "info", "rpc",
            "map_publish",
            "map_remove", "map_read_state", "map_read_stream", "map_stats", "map_clear", "batch");

    private static final byte[] EMPTY_BODY = {'{', '}'};

    private final JsonFactory factory;

    ApiRequestDecoder(JsonFactory factory) {
        this.factory = factory;
    }

    ApiRequest decode(String method, byte[] body) throws ApiException {
        if (method == null || !METHODS.contains(method)) {
            throw ApiException.of(ApiError.METHOD_NOT_FOUND);
        }
        byte[] json = isBlank(body) ? EMPTY_BODY : body; // "info" and "channels" are often posted without a body
        if (!JsonPayloads.isValidUtf8(json, 0, json.length)) {
            throw ApiException.malformed();
        }
        ApiRequest request;
        try (JsonParser p = factory.createParser(json)) {
            JsonReader r = new JsonReader(p, json, 0);
            if (r.next() != JsonToken.START_OBJECT) {
                throw ApiException.malformed();
            }
            request = method.equals("batch") ? batch(r) : read(method, r);
            if (r.next() != null) {
                throw ApiException.malformed();
            }
        } catch (IOException | RuntimeException e) {
            // Jackson messages quote the input; they never reach the caller.
            throw ApiException.malformed();
        }
        if (request instanceof ApiRequest.Rejected rejected) {
            throw ApiException.of(rejected.error());
        }
        return request;
    }

    private static boolean isBlank(byte[] body) {
        if (body == null) {
            return true;
        }
        for (byte b : body) {
            if (b != ' ' && b != '\t' && b != '\n' && b != '\r') {
                return false;
            }
        }
        return true;
    }

    private static ApiRequest.Batch batch(JsonReader r) throws IOException {
        List<ApiRequest> commands = new ArrayList<>();
        boolean parallel = false;
        while (r.nextField()) {
            switch (r.name()) {
                case "commands" -> commands(r, commands);
                case "parallel" -> parallel = r.bool();
                default -> r.skip();
            }
        }
        return new ApiRequest.Batch(commands, parallel);
    }

    private static void commands(JsonReader r, List<ApiRequest> out) throws IOException {
        if (r.token() == JsonToken.VALUE_NULL) {
            return;
        }
        if (r.token() != JsonToken.START_ARRAY) {
            throw new JsonReader.WrongTypeException("commands");
        }
        while (r.next() != JsonToken.END_ARRAY) {
            out.add(r.object() ? command(r) : new ApiRequest.Rejected("", ApiError.METHOD_NOT_FOUND));
        }
    }

    /** One batch command: the first known method field in {@link #METHODS} order wins; nested batches are ignored. */
    private static ApiRequest command(JsonReader r) throws IOException {
        ApiRequest[] found = new ApiRequest[METHODS.size()];
        while (r.nextField()) {
            int slot = METHODS.indexOf(r.name());
            if (slot < 0 || r.name().equals("batch")) {
                r.skip();
            } else if (r.object()) {
                found[slot] = read(r.name(), r);
            }
        }
        for (ApiRequest candidate : found) {
            if (candidate != null) {
                return candidate;
            }
        }
        return new ApiRequest.Rejected("", ApiError.METHOD_NOT_FOUND);
    }

    /** Reads one method's object; returns {@link ApiRequest.Rejected} when validation fails. */
    private static ApiRequest read(String method, JsonReader r) throws IOException {
        Fields f = Fields.read(r);
        return switch (method) {
            case "publish" -> publish(f);
            case "broadcast" -> broadcast(f);
            case "subscribe" -> subscribe(f);
            case "unsubscribe" -> f.require(!f.channel.isEmpty() && !f.user.isEmpty(), method,
                    new ApiRequest.Unsubscribe(f.channel, f.user, f.client, f.session));
            case "disconnect" -> f.require(!f.user.isEmpty(), method,
                    new ApiRequest.Disconnect(f.user, f.client, f.session, f.whitelist, f.disconnect));
            case "refresh" -> f.require(!f.user.isEmpty(), method,
                    new ApiRequest.Refresh(f.user, f.client, f.session, f.expired, f.expireAt));
            case "presence" -> f.requireChannel(method, new ApiRequest.Presence(f.channel));
            case "presence_stats" -> f.requireChannel(method, new ApiRequest.PresenceStats(f.channel));
            case "history" -> f.requireChannel(method, new ApiRequest.History(f.channel, f.limit, f.since, f.reverse));
            case "history_remove" -> f.requireChannel(method, new ApiRequest.HistoryRemove(f.channel));
            case "channels" -> new ApiRequest.Channels(f.pattern);
            case "info" -> new ApiRequest.Info();
            case "rpc" -> f.require(!f.method.isEmpty(), method, new ApiRequest.Rpc(f.method, f.params));
            case "map_publish" -> mapPublish(f);
            case "map_remove" -> f.require(!f.channel.isEmpty() && !f.key.isEmpty(), method,
                    new ApiRequest.MapRemove(f.channel, f.key));
            case "map_read_state" -> f.requireChannel(method, new ApiRequest.MapReadState(f.channel, f.cursor,
                    f.limit, f.key, position(f.revisionOffset, f.revisionEpoch)));
            case "map_read_stream" -> f.requireChannel(method, new ApiRequest.MapReadStream(f.channel,
                    position(f.sinceOffset, f.sinceEpoch), f.limit, f.reverse));
            case "map_stats" -> f.requireChannel(method, new ApiRequest.MapStats(f.channel));
            case "map_clear" -> f.requireChannel(method, new ApiRequest.MapClear(f.channel));
            default -> throw new IllegalStateException(method);
        };
    }

    private static ApiRequest publish(Fields f) {
        Payload data = Payload.of(f.data, f.b64data);
        boolean ok = !f.channel.isEmpty() && data.present();
        return f.require(ok, "publish",
                new ApiRequest.Publish(f.channel, data.bytes, data.binary, f.skipHistory, f.tags, f.idempotencyKey,
                        f.delta));
    }

    private static ApiRequest broadcast(Fields f) {
        Payload data = Payload.of(f.data, f.b64data);
        boolean ok = f.channels != null && !f.channels.isEmpty() && !f.channels.contains("") && data.present();
        return f.require(ok, "broadcast", new ApiRequest.Broadcast(f.channels, data.bytes, data.binary, f.skipHistory,
                f.tags, f.idempotencyKey, f.delta));
    }

    private static ApiRequest subscribe(Fields f) {
        Payload info = Payload.of(f.info, f.b64info);
        Payload data = Payload.of(f.data, f.b64data);
        boolean ok = !f.channel.isEmpty() && !f.user.isEmpty() && info.valid && data.valid;
        return f.require(ok, "subscribe", new ApiRequest.Subscribe(f.channel, f.user, f.client, f.session,
                f.expireAt, info.bytes, data.bytes, f.recoverSince));
    }

    /** Centrifugo's rule: a flat position counts as given when its offset is positive or its epoch is set. */
    private static StreamPosition position(long offset, String epoch) {
        return offset > 0 || !epoch.isEmpty() ? new StreamPosition(offset, epoch) : null;
    }

    private static ApiRequest mapPublish(Fields f) {
        Payload data = Payload.of(f.data, f.b64data);
        KeyMode mode = switch (f.keyMode) {
            case "" -> KeyMode.ALWAYS;
            case "if_new" -> KeyMode.IF_NEW;
            case "if_exists" -> KeyMode.IF_EXISTS;
            default -> null;
        };
        boolean ok = !f.channel.isEmpty() && !f.key.isEmpty() && data.valid && mode != null;
        return f.require(ok, "map_publish",
                new ApiRequest.MapPublish(f.channel, f.key, data.bytes, data.binary, f.tags, mode));
    }

    /** A payload given either as raw JSON or as base64; both at once, or invalid base64, is a bad request. */
    private record Payload(byte[] bytes, boolean binary, boolean valid) {
        static Payload of(byte[] json, String b64) {
            boolean hasB64 = b64 != null && !b64.isEmpty();
            if (!hasB64) {
                return new Payload(json, false, true);
            }
            if (json != null) {
                return new Payload(null, false, false);
            }
            try {
                return new Payload(Base64.getDecoder().decode(b64), true, true);
            } catch (IllegalArgumentException e) {
                return new Payload(null, true, false);
            }
        }

        boolean present() {
            return valid && bytes != null && bytes.length > 0;
        }
    }

    /**
     * The union of all method fields: API objects are flat and share names, so one reader serves every method, and
     * each method takes what it needs. Fields of other methods are ignored but must still be well-typed (a stricter
     * rule than Centrifugo's, which would skip them as unknown).
     */
    private static final class Fields {
        String channel = "", user = "", client = "", session = "", pattern = "", b64data = "", b64info = "";
        String idempotencyKey = "", method = "", key = "", keyMode = "", cursor = "", revisionEpoch = "";
        String sinceEpoch = "";
        long revisionOffset, sinceOffset;
        byte[] data, info, params;
        boolean skipHistory, expired, reverse, delta;
        long expireAt;
        int limit;
        List<String> channels, whitelist;
        Map<String, String> tags;
        StreamPosition since, recoverSince;
        ApiRequest.Disconnect.Reason disconnect;

        static Fields read(JsonReader r) throws IOException {
            Fields f = new Fields();
            while (r.nextField()) {
                switch (r.name()) {
                    case "channel" -> f.channel = r.string();
                    case "channels" -> f.channels = r.strings();
                    case "user" -> f.user = r.string();
                    case "client" -> f.client = r.string();
                    case "session" -> f.session = r.string();
                    case "pattern" -> f.pattern = r.string();
                    case "data" -> f.data = r.raw();
                    case "b64data" -> f.b64data = r.string();
                    case "info" -> f.info = r.raw();
                    case "b64info" -> f.b64info = r.string();
                    case "skip_history" -> f.skipHistory = r.bool();
                    case "delta" -> f.delta = r.bool();
                    case "tags" -> f.tags = r.stringMap();
                    case "idempotency_key" -> f.idempotencyKey = r.string();
                    case "expire_at" -> f.expireAt = r.i64();
                    case "expired" -> f.expired = r.bool();
                    case "whitelist" -> f.whitelist = r.strings();
                    case "disconnect" -> f.disconnect = reason(r);
                    case "limit" -> f.limit = r.i32();
                    case "since" -> f.since = r.position();
                    case "recover_since" -> f.recoverSince = r.position();
                    case "reverse" -> f.reverse = r.bool();
                    case "method" -> f.method = r.string();
                    case "params" -> f.params = r.raw();
                    case "key" -> f.key = r.string();
                    case "key_mode" -> f.keyMode = r.string();
                    case "cursor" -> f.cursor = r.string();
                    case "revision_offset" -> f.revisionOffset = r.u64();
                    case "revision_epoch" -> f.revisionEpoch = r.string();
                    case "since_offset" -> f.sinceOffset = r.u64();
                    case "since_epoch" -> f.sinceEpoch = r.string();
                    default -> r.skip();
                }
            }
            return f;
        }

        private static ApiRequest.Disconnect.Reason reason(JsonReader r) throws IOException {
            if (!r.object()) {
                return null;
            }
            int code = 0;
            String reason = "";
            while (r.nextField()) {
                switch (r.name()) {
                    case "code" -> code = r.i32();
                    case "reason" -> reason = r.string();
                    default -> r.skip();
                }
            }
            return new ApiRequest.Disconnect.Reason(code, reason);
        }

        ApiRequest require(boolean ok, String method, ApiRequest request) {
            return ok ? request : new ApiRequest.Rejected(method, ApiError.BAD_REQUEST);
        }

        ApiRequest requireChannel(String method, ApiRequest request) {
            return require(!channel.isEmpty(), method, request);
        }
    }
}
