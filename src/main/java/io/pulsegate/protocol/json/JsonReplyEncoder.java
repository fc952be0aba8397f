package io.pulsegate.protocol.json;

import java.io.IOException;
import java.util.Map;

import com.fasterxml.jackson.core.JsonFactory;

import io.pulsegate.protocol.DisconnectCode;
import io.pulsegate.protocol.ProtocolError;
import io.pulsegate.protocol.ProtocolException;
import io.pulsegate.protocol.Publication;
import io.pulsegate.protocol.Push;
import io.pulsegate.protocol.PushBody;
import io.pulsegate.protocol.Reply;
import io.pulsegate.protocol.Result;

/**
 * Encodes replies and pushes exactly as Centrifugo's easyjson encoder does: zero values omitted except the fields its
 * schema writes unconditionally (see {@link JsonOut}), the result object always present on success (centrifuge-js reads {@code reply.connect} directly), never an {@code error} on success.
 */
final class JsonReplyEncoder {

    private static final byte[] EMPTY_OBJECT = {'{', '}'};

    private final JsonFactory factory;

    JsonReplyEncoder(JsonFactory factory) {
        this.factory = factory;
    }

    byte[] encodeReply(Reply reply) throws ProtocolException {
        if (reply.id() == 0 && reply.error() == null && reply.result() == null && reply.push() == null) {
            return EMPTY_OBJECT.clone(); // ping
        }
        try {
            JsonOut o = new JsonOut(factory).begin();
            o.num("id", reply.id());
            if (reply.error() != null) {
                error(o, reply.error());
            } else if (reply.result() != null) {
                result(o, reply.result());
            } else if (reply.push() != null) {
                o.begin("push");
                push(o, reply.push());
                o.end();
            }
            return o.end().toBytes();
        } catch (IOException e) {
            throw internal();
        }
    }

    byte[] encodePush(Push push) throws ProtocolException {
        try {
            JsonOut o = new JsonOut(factory).begin();
            push(o, push);
            return o.end().toBytes();
        } catch (IOException e) {
            throw internal();
        }
    }

    private static ProtocolException internal() {
        // Generation into memory fails only on unencodable strings; a server-side fault, not the client's.
        return new ProtocolException(DisconnectCode.INTERNAL, "encode failed");
    }

    private static void error(JsonOut o, ProtocolError e) throws IOException {
        o.begin("error").num("code", e.code()).str("message", e.message()).bool("temporary", e.temporary()).end();
    }

    private static void result(JsonOut o, Result result) throws IOException, ProtocolException {
        if (result instanceof Result.Connect c) {
            connect(o.begin("connect"), c).end();
        } else if (result instanceof Result.Subscribe s) {
            subscribe(o.begin("subscribe"), s).end();
        } else if (result instanceof Result.MapSubscribe m) {
            mapSubscribe(o.begin("subscribe"), m).end();
        } else if (result instanceof Result.Unsubscribe) {
            o.begin("unsubscribe").end();
        } else if (result instanceof Result.Publish) {
            o.begin("publish").end();
        } else if (result instanceof Result.Presence p) {
            o.begin("presence").alwaysClientInfos("presence", p.presence()).end();
        } else if (result instanceof Result.PresenceStats s) {
            o.begin("presence_stats").alwaysNum("num_clients", s.numClients()).alwaysNum("num_users", s.numUsers());
            o.end();
        } else if (result instanceof Result.History h) {
            o.begin("history").alwaysPublications("publications", h.publications()).alwaysStr("epoch", h.epoch());
            o.alwaysNum("offset", h.offset()).end();
        } else if (result instanceof Result.Rpc r) {
            o.begin("rpc").raw("data", r.data()).end();
        } else if (result instanceof Result.Refresh r) {
            o.begin("refresh").str("client", r.client()).str("version", r.version()).bool("expires", r.expires());
            o.num("ttl", r.ttl()).end();
        } else if (result instanceof Result.SubRefresh r) {
            o.begin("sub_refresh").bool("expires", r.expires()).num("ttl", r.ttl()).end();
        } else {
            throw new IllegalStateException("unknown result " + result.getClass());
        }
    }

    private static JsonOut connect(JsonOut o, Result.Connect c) throws IOException, ProtocolException {
        o.str("client", c.client()).str("version", c.version()).bool("expires", c.expires()).num("ttl", c.ttl());
        o.raw("data", c.data());
        Map<String, Result.Subscribe> subs = c.subs();
        if (subs != null && !subs.isEmpty()) {
            o.begin("subs");
            for (Map.Entry<String, Result.Subscribe> e : subs.entrySet()) {
                subscribe(o.begin(e.getKey()), e.getValue()).end();
            }
            o.end();
        }
        return o.num("ping", c.ping()).bool("pong", c.pong()).str("session", c.session()).str("node", c.node());
    }

    private static JsonOut subscribe(JsonOut o, Result.Subscribe s) throws IOException, ProtocolException {
        o.bool("expires", s.expires()).num("ttl", s.ttl()).bool("recoverable", s.recoverable());
        o.str("epoch", s.epoch()).publications("publications", s.publications()).bool("recovered", s.recovered());
        o.num("offset", s.offset()).bool("positioned", s.positioned()).raw("data", s.data());
        o.bool("was_recovering", s.wasRecovering()).bool("delta", s.delta());
        return o.num("publish_debounce", s.publishDebounceMillis());
    }

    private static JsonOut mapSubscribe(JsonOut o, Result.MapSubscribe m) throws IOException, ProtocolException {
        o.num("type", Result.MapSubscribe.TYPE).num("phase", m.phase()).str("cursor", m.cursor());
        o.publications("state", m.state()).str("epoch", m.epoch()).num("offset", m.offset());
        o.publications("publications", m.publications()).bool("recoverable", m.recoverable());
        o.bool("recovered", m.recovered()).bool("was_recovering", m.wasRecovering()).raw("data", m.data());
        return o.bool("delta", m.delta()).num("publish_debounce", m.publishDebounceMillis());
    }

    /** Writes the fields of a push object: {@code channel} then the one body field. */
    private static void push(JsonOut o, Push push) throws IOException, ProtocolException {
        o.str("channel", push.channel());
        PushBody body = push.body();
        if (body == null) {
            return; // an empty push is the unidirectional ping
        }
        if (body instanceof Publication pub) {
            o.begin("pub").publicationFields(pub).end();
        } else if (body instanceof PushBody.Join j) {
            o.begin("join").clientInfo("info", j.info()).end();
        } else if (body instanceof PushBody.Leave l) {
            o.begin("leave").clientInfo("info", l.info()).end();
        } else if (body instanceof PushBody.Unsubscribe u) {
            o.begin("unsubscribe").num("code", u.code()).str("reason", u.reason()).end();
        } else if (body instanceof PushBody.Message m) {
            o.begin("message").raw("data", m.data()).end();
        } else if (body instanceof PushBody.Subscribe s) {
            o.begin("subscribe").bool("recoverable", s.recoverable()).str("epoch", s.epoch()).num("offset", s.offset());
            o.bool("positioned", s.positioned()).raw("data", s.data()).end();
        } else if (body instanceof PushBody.Connect c) {
            o.begin("connect");
            if (c.result() != null) {
                connect(o, c.result());
            }
            o.end();
        } else if (body instanceof PushBody.Disconnect d) {
            o.begin("disconnect").num("code", d.code()).str("reason", d.reason()).end();
        } else if (body instanceof PushBody.Refresh r) {
            o.begin("refresh").bool("expires", r.expires()).num("ttl", r.ttl()).end();
        } else {
            throw new IllegalStateException("unknown push body " + body.getClass());
        }
    }
}
