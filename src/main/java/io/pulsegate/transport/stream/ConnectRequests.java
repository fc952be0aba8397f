package io.pulsegate.transport.stream;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import io.pulsegate.protocol.Command;
import io.pulsegate.protocol.DisconnectCode;
import io.pulsegate.protocol.ProtocolCodec;
import io.pulsegate.protocol.ProtocolException;
import io.pulsegate.protocol.Request;
import io.pulsegate.protocol.StreamPosition;
import io.pulsegate.protocol.json.JsonLimits;
import io.pulsegate.protocol.json.JsonPayloads;

/**
 * The connect request of a unidirectional stream: a bare JSON ConnectRequest ({@code {"token":…,"subs":…}}, no
 * {@code id}, no {@code connect} wrapper) from {@code cf_connect} or the POST body, decoded by the JSON command
 * decoder (same limits) as command 1. SSE resume positions from {@code Last-Event-ID} become recovery hints for
 * channels the request does not name itself.
 */
public final class ConnectRequests {

    /** Checks the shape only; the command decoder applies the configured limits to the content. */
    private static final JsonFactory SHAPE = JsonLimits.DEFAULTS.newFactory();

    private ConnectRequests() {
    }

    /**
     * @param body the ConnectRequest JSON; empty means {@code {}}
     * @throws ProtocolException when it is not exactly one JSON object in valid UTF-8 describing a connect request
     */
    public static Request.Connect decode(ProtocolCodec json, byte[] body) throws ProtocolException {
        if (!JsonPayloads.isValidUtf8(body, 0, body.length)) {
            throw bad();
        }
        String text = new String(body, StandardCharsets.UTF_8).strip();
        if (text.isEmpty()) {
            text = "{}";
        }
        if (!isOneObject(text)) {
            throw bad(); // else text such as {},"subscribe":{...} would extend the wrapper below
        }
        List<Command> commands = json.decodeCommands(("{\"id\":1,\"connect\":" + text + "}")
                .getBytes(StandardCharsets.UTF_8));
        if (commands.size() != 1 || !(commands.get(0).request() instanceof Request.Connect connect)) {
            throw bad();
        }
        return connect;
    }

    /** @return whether {@code text} is exactly one JSON object (any depth within the limits), nothing after it */
    private static boolean isOneObject(String text) {
        try (JsonParser p = SHAPE.createParser(text)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return false;
            }
            p.skipChildren();
            return p.nextToken() == null;
        } catch (IOException e) {
            return false;
        }
    }

    private static ProtocolException bad() {
        return new ProtocolException(DisconnectCode.BAD_REQUEST, "connect request");
    }

    /** @return {@code connect} with a recovery hint for every resumed channel it does not already name */
    static Request.Connect withResume(Request.Connect connect, Map<String, StreamPosition> resume) {
        if (resume == null || resume.isEmpty()) {
            return connect;
        }
        Map<String, Request.Subscribe> subs = new LinkedHashMap<>();
        resume.forEach((channel, p) -> subs.put(channel, new Request.Subscribe(channel, null, true, p.epoch(),
                p.offset(), null, false, false, false, 0, Request.Subscribe.TYPE_STREAM)));
        if (connect.subs() != null) {
            subs.putAll(connect.subs());
        }
        return new Request.Connect(connect.token(), connect.data(), subs, connect.name(), connect.version(),
                connect.headers());
    }
}
