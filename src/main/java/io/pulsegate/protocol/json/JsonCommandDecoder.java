package io.pulsegate.protocol.json;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;

import io.pulsegate.protocol.Command;
import io.pulsegate.protocol.DisconnectCode;
import io.pulsegate.protocol.ProtocolException;
import io.pulsegate.protocol.Request;
import io.pulsegate.protocol.StreamPosition;

/**
 * Decodes newline-delimited JSON commands with the streaming parser. Field names follow {@code client.proto}; unknown
 * fields are skipped at every level because current SDKs send fields this gateway does not implement ({@code flag},
 * {@code tf}, {@code headers}, ...).
 */
final class JsonCommandDecoder {

    /** Request fields in dispatch order: when a command carries several, the first one here wins. */
    private static final List<String> DISPATCH = List.of("connect", "subscribe", "unsubscribe", "publish", "presence",
            "presence_stats", "history", "ping", "send", "rpc", "refresh", "sub_refresh");

    private final JsonFactory factory;

    JsonCommandDecoder(JsonFactory factory) {
        this.factory = factory;
    }

    List<Command> decode(byte[] msg) throws ProtocolException {
        if (msg == null || msg.length == 0) {
            throw bad("empty message");
        }
        if (!JsonPayloads.isValidUtf8(msg, 0, msg.length)) {
            throw bad("invalid utf-8");
        }
        int end = msg[msg.length - 1] == '\n' ? msg.length - 1 : msg.length; // one trailing newline is tolerated
        int nl = indexOf(msg, 0, end);
        if (nl < 0) {
            return List.of(decodeOne(msg, 0, end)); // the common single-command frame
        }
        List<Command> out = new ArrayList<>(4);
        int start = 0;
        while (true) {
            int segEnd = nl < 0 ? end : nl;
            out.add(decodeOne(msg, start, segEnd));
            if (nl < 0) {
                return out;
            }
            start = nl + 1;
            nl = indexOf(msg, start, end);
        }
    }

    private static int indexOf(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private Command decodeOne(byte[] msg, int from, int to) throws ProtocolException {
        try (JsonParser p = factory.createParser(msg, from, to - from)) {
            JsonReader r = new JsonReader(p, msg, from);
            if (r.next() != JsonToken.START_OBJECT) {
                throw bad("command must be a JSON object");
            }
            Command c = command(r);
            if (r.next() != null) {
                throw bad("trailing data after command");
            }
            return c;
        } catch (JsonReader.WrongTypeException e) {
            throw bad(e.getOriginalMessage());
        } catch (StreamConstraintsException e) {
            throw bad("json limit exceeded");
        } catch (IOException | RuntimeException e) {
            // Jackson messages quote the input; never pass them on.
            throw bad("malformed json");
        }
    }

    private static ProtocolException bad(String message) {
        return new ProtocolException(DisconnectCode.BAD_REQUEST, message);
    }

    private Command command(JsonReader r) throws IOException {
        long id = 0;
        Request[] found = new Request[DISPATCH.size()];
        while (r.nextField()) {
            String name = r.name();
            if (name.equals("id")) {
                id = r.u32();
                continue;
            }
            int slot = DISPATCH.indexOf(name);
            if (slot < 0) {
                r.skip();
            } else if (r.object()) {
                found[slot] = request(slot, r);
            }
        }
        Request request = null;
        for (Request candidate : found) {
            if (candidate != null) {
                request = candidate;
                break;
            }
        }
        return id == 0 && request == null ? Command.PONG : new Command(id, request);
    }

    /** Reads the request object the reader is positioned on. */
    private Request request(int slot, JsonReader r) throws IOException {
        return switch (DISPATCH.get(slot)) {
            case "connect" -> connect(r);
            case "subscribe" -> subscribe(r);
            case "unsubscribe" -> new Request.Unsubscribe(channelOnly(r));
            case "publish" -> publish(r);
            case "presence" -> new Request.Presence(channelOnly(r));
            case "presence_stats" -> new Request.PresenceStats(channelOnly(r));
            case "history" -> history(r);
            case "ping" -> ping(r);
            case "send" -> new Request.Send(dataOnly(r));
            case "rpc" -> rpc(r);
            case "refresh" -> new Request.Refresh(refreshToken(r));
            default -> subRefresh(r);
        };
    }

    private static Request.Connect connect(JsonReader r) throws IOException {
        String token = "";
        byte[] data = null;
        Map<String, Request.Subscribe> subs = null;
        String name = "";
        String version = "";
        Map<String, String> headers = null;
        while (r.nextField()) {
            switch (r.name()) {
                case "token" -> token = r.string();
                case "data" -> data = r.raw();
                case "subs" -> subs = subs(r);
                case "name" -> name = r.string();
                case "version" -> version = r.string();
                case "headers" -> headers = r.stringMap();
                default -> r.skip();
            }
        }
        return new Request.Connect(token, data, subs, name, version, headers);
    }

    /** {@code connect.subs}: channel to recovery hints; an empty object reads as {@code null}. */
    private static Map<String, Request.Subscribe> subs(JsonReader r) throws IOException {
        if (!r.object()) {
            return null;
        }
        Map<String, Request.Subscribe> subs = new LinkedHashMap<>();
        while (r.nextField()) {
            String channel = r.name();
            if (r.object()) {
                subs.put(channel, subscribe(r));
            }
        }
        return subs.isEmpty() ? null : subs;
    }

    private static Request.Subscribe subscribe(JsonReader r) throws IOException {
        String channel = "";
        String token = "";
        boolean recover = false;
        String epoch = "";
        long offset = 0;
        byte[] data = null;
        boolean positioned = false;
        boolean recoverable = false;
        boolean joinLeave = false;
        long flag = 0;
        int type = 0;
        String delta = "";
        int phase = 0;
        String cursor = "";
        int limit = 0;
        while (r.nextField()) {
            switch (r.name()) {
                case "channel" -> channel = r.string();
                case "token" -> token = r.string();
                case "phase" -> phase = r.i32();
                case "cursor" -> cursor = r.string();
                case "limit" -> limit = r.i32();
                case "recover" -> recover = r.bool();
                case "epoch" -> epoch = r.string();
                case "offset" -> offset = r.u64();
                case "data" -> data = r.raw();
                case "positioned" -> positioned = r.bool();
                case "recoverable" -> recoverable = r.bool();
                case "join_leave" -> joinLeave = r.bool();
                case "flag" -> flag = r.i64();
                case "type" -> type = r.i32();
                case "delta" -> delta = r.string();
                default -> r.skip();
            }
        }
        return new Request.Subscribe(channel, token, recover, epoch, offset, data, positioned, recoverable, joinLeave,
                flag, type, delta, Request.Subscribe.Page.of(phase, cursor, limit));
    }

    private static Request.Publish publish(JsonReader r) throws IOException {
        String channel = "";
        byte[] data = null;
        int type = 0;
        String key = "";
        boolean removed = false;
        while (r.nextField()) {
            switch (r.name()) {
                case "channel" -> channel = r.string();
                case "data" -> data = r.raw();
                case "type" -> type = r.i32();
                case "key" -> key = r.string();
                case "removed" -> removed = r.bool();
                default -> r.skip();
            }
        }
        return new Request.Publish(channel, data, type, key, removed);
    }

    private static Request.History history(JsonReader r) throws IOException {
        String channel = "";
        int limit = 0;
        boolean reverse = false;
        StreamPosition since = null;
        while (r.nextField()) {
            switch (r.name()) {
                case "channel" -> channel = r.string();
                case "limit" -> limit = r.i32();
                case "since" -> since = r.position();
                case "reverse" -> reverse = r.bool();
                default -> r.skip();
            }
        }
        return new Request.History(channel, limit, since, reverse);
    }

    private static Request.Ping ping(JsonReader r) throws IOException {
        while (r.nextField()) {
            r.skip();
        }
        return new Request.Ping();
    }

    private static Request.Rpc rpc(JsonReader r) throws IOException {
        byte[] data = null;
        String method = "";
        while (r.nextField()) {
            switch (r.name()) {
                case "data" -> data = r.raw();
                case "method" -> method = r.string();
                default -> r.skip();
            }
        }
        return new Request.Rpc(data, method);
    }

    /** Shared-poll {@code track}/{@code untrack} items are only counted, not read: tracking is not implemented. */
    private static Request.SubRefresh subRefresh(JsonReader r) throws IOException {
        String channel = "";
        String token = "";
        int type = 0;
        boolean tracking = false;
        while (r.nextField()) {
            switch (r.name()) {
                case "channel" -> channel = r.string();
                case "token" -> token = r.string();
                case "type" -> type = r.i32();
                case "track", "untrack" -> tracking |= r.arrayLength() > 0;
                default -> r.skip();
            }
        }
        return new Request.SubRefresh(channel, token, type, tracking);
    }

    private static String channelOnly(JsonReader r) throws IOException {
        return stringField(r, "channel");
    }

    private static String refreshToken(JsonReader r) throws IOException {
        return stringField(r, "token");
    }

    /** Reads an object with a single string field of interest. */
    private static String stringField(JsonReader r, String field) throws IOException {
        String value = "";
        while (r.nextField()) {
            if (r.name().equals(field)) {
                value = r.string();
            } else {
                r.skip();
            }
        }
        return value;
    }

    private static byte[] dataOnly(JsonReader r) throws IOException {
        byte[] data = null;
        while (r.nextField()) {
            if (r.name().equals("data")) {
                data = r.raw();
            } else {
                r.skip();
            }
        }
        return data;
    }
}
