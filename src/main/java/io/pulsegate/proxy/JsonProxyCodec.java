package io.pulsegate.proxy;

import java.io.IOException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import io.pulsegate.auth.ChannelOverride;
import io.pulsegate.auth.SubClaim;
import io.pulsegate.protocol.ProtocolError;
import io.pulsegate.protocol.ProtocolException;
import io.pulsegate.protocol.json.JsonOut;
import io.pulsegate.protocol.json.JsonReader;

/**
 * The JSON bodies of Centrifugo's HTTP proxy: requests as {@code {"client":…,"transport":…,"protocol":…,
 * "encoding":…,"user":…,…}}, answers as {@code {"result":{…}}}, {@code {"error":{…}}} or {@code {"disconnect":{…}}}.
 * Unknown answer fields are skipped. Jackson streaming, no reflection.
 */
final class JsonProxyCodec implements ProxyCodec {

    private final JsonFactory factory;

    JsonProxyCodec(JsonFactory factory) {
        this.factory = factory;
    }

    @Override
    public byte[] encode(ProxyEvent event, Caller caller, ProxyRequest request, boolean binary, boolean includeMeta)
            throws PayloadException {
        try {
            JsonOut o = new JsonOut(factory).begin();
            o.str("client", caller.client()).str("transport", caller.transport()).str("protocol", caller.protocol());
            o.str("encoding", binary ? "binary" : "json");
            if (event.carriesUser()) {
                o.alwaysStr("user", caller.user());
            }
            o.str("channel", request.channel()).str("token", request.token()).str("method", request.method());
            o.str("name", request.name()).str("version", request.version()).strings("channels", request.channels());
            if (binary && request.data() != null && request.data().length > 0) {
                o.str("b64data", Base64.getEncoder().encodeToString(request.data()));
            } else if (!binary) {
                o.raw("data", request.data());
            }
            if (includeMeta) {
                o.raw("meta", caller.meta());
            }
            return o.end().toBytes();
        } catch (ProtocolException e) {
            throw new PayloadException("payload is not JSON; enable binary-encoding for binary clients");
        } catch (IOException e) {
            throw new PayloadException("request not encodable");
        }
    }

    @Override
    public ProxyDecision decode(ProxyEvent event, byte[] body) throws PayloadException {
        try (JsonParser p = factory.createParser(body)) {
            JsonReader r = new JsonReader(p, body, 0);
            if (r.next() != JsonToken.START_OBJECT) {
                throw new PayloadException("answer is not a JSON object");
            }
            ProxyDecision.Disconnected disconnect = null;
            ProxyDecision.Refused error = null;
            ProxyResult result = null;
            while (r.nextField()) {
                switch (r.name()) {
                    case "disconnect" -> disconnect = r.object() ? disconnect(r) : null;
                    case "error" -> error = r.object() ? new ProxyDecision.Refused(error(r)) : null;
                    case "result" -> result = r.object() ? result(r) : null;
                    default -> r.skip();
                }
            }
            if (r.next() != null) {
                throw new PayloadException("trailing data after the answer");
            }
            if (disconnect != null) {
                return disconnect;
            }
            return error != null ? error : new ProxyDecision.Allowed(result);
        } catch (PayloadException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            // Jackson messages quote the input; never pass them on
            throw new PayloadException("malformed JSON answer");
        }
    }

    private static ProxyDecision.Disconnected disconnect(JsonReader r) throws IOException {
        long code = 0;
        String reason = "";
        while (r.nextField()) {
            switch (r.name()) {
                case "code" -> code = r.u32();
                case "reason" -> reason = r.string();
                default -> r.skip();
            }
        }
        return new ProxyDecision.Disconnected((int) code, reason);
    }

    private static ProtocolError error(JsonReader r) throws IOException {
        long code = 0;
        String message = "";
        boolean temporary = false;
        while (r.nextField()) {
            switch (r.name()) {
                case "code" -> code = r.u32();
                case "message" -> message = r.string();
                case "temporary" -> temporary = r.bool();
                default -> r.skip();
            }
        }
        return new ProtocolError((int) code, message, temporary);
    }

    private static ProxyResult result(JsonReader r) throws IOException, PayloadException {
        ResultBuilder b = new ResultBuilder();
        while (r.nextField()) {
            switch (r.name()) {
                case "user" -> b.user = r.string();
                case "expire_at" -> b.expireAt = r.i64();
                case "expired" -> b.expired = r.bool();
                case "info" -> b.info = r.raw();
                case "b64info" -> b.b64info = r.string();
                case "data" -> b.data = r.raw();
                case "b64data" -> b.b64data = r.string();
                case "channels" -> b.channels = nonNull(r.strings());
                case "subs" -> subs(r, b.subs);
                case "meta" -> b.meta = r.raw();
                case "override" -> b.override = r.object() ? override(r) : null;
                case "skip_history" -> b.skipHistory = r.bool();
                case "tags" -> b.tags = r.stringMap();
                case "idempotency_key" -> b.idempotencyKey = r.string();
                case "delta" -> b.delta = r.bool();
                default -> r.skip();
            }
        }
        return b.build();
    }

    private static List<String> nonNull(List<String> list) {
        return list == null ? List.of() : list;
    }

    private static void subs(JsonReader r, Map<String, SubClaim> out) throws IOException, PayloadException {
        if (!r.object()) {
            return;
        }
        while (r.nextField()) {
            String channel = r.name();
            if (!r.object()) {
                continue;
            }
            byte[] info = null;
            byte[] data = null;
            String b64info = "";
            String b64data = "";
            ChannelOverride override = null;
            while (r.nextField()) {
                switch (r.name()) {
                    case "info" -> info = r.raw();
                    case "b64info" -> b64info = r.string();
                    case "data" -> data = r.raw();
                    case "b64data" -> b64data = r.string();
                    case "override" -> override = r.object() ? override(r) : null;
                    default -> r.skip();
                }
            }
            out.put(channel, new SubClaim(ResultBuilder.payload(info, b64info), ResultBuilder.payload(data, b64data),
                    override));
        }
    }

    /** {@code {"presence":{"value":true},…}}: Centrifugo's BoolValue wrappers; absent means "not overridden". */
    private static ChannelOverride override(JsonReader r) throws IOException {
        Map<String, Boolean> values = new LinkedHashMap<>();
        while (r.nextField()) {
            String name = r.name();
            if (!r.object()) {
                continue;
            }
            boolean value = false;
            while (r.nextField()) {
                if (r.name().equals("value")) {
                    value = r.bool();
                } else {
                    r.skip();
                }
            }
            values.put(name, value);
        }
        return new ChannelOverride(values.get("presence"), values.get("join_leave"),
                values.get("force_push_join_leave"), values.get("force_recovery"), values.get("force_positioning"));
    }
}
