package io.pulsegate.transport.stream;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import io.pulsegate.auth.OriginPolicy;
import io.pulsegate.node.Node;
import io.pulsegate.protocol.protobuf.wire.ClientProtocol;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code POST /emulation}: a later command batch of a bidirectional-emulation session,
 * {@code {"session":S,"node":N,"data":"<commands as a JSON string>"}} or a Protobuf {@code EmulationRequest}
 * ({@code application/octet-stream}). Answers 204 once the commands are on their way to the owning node (replies
 * travel on the session's stream), 404 for an unknown node or session, 400 for a malformed body. Works on any node:
 * {@link io.pulsegate.node.ControlPlane#forwardEmulation} routes it, so no sticky sessions are needed.
 */
final class EmulationRoute {

    /** A decoded body: the owning node, the session and its command batch. */
    record Target(String node, String session, byte[] data) {}

    private final Node node;
    private final JsonFactory json;
    private final OriginPolicy origins;

    EmulationRoute(Node node, JsonFactory json, OriginPolicy origins) {
        this.node = node;
        this.json = json;
        this.origins = origins;
    }

    void handle(RoutingContext rc) {
        if (!StreamHttp.admitOrigin(rc, origins)) {
            return;
        }
        byte[] body = rc.body() == null || rc.body().buffer() == null ? new byte[0] : rc.body().buffer().getBytes();
        Target target = decode(json, rc.request().getHeader("Content-Type"), body);
        if (target == null) {
            rc.response().setStatusCode(400).end();
            return;
        }
        node.control().forwardEmulation(target.node, target.session, target.data).subscribe().with(
                found -> rc.response().setStatusCode(found ? 204 : 404).end(),
                failure -> rc.response().setStatusCode(503).putHeader("Retry-After", "1").end());
    }

    /**
     * @param type the request's {@code Content-Type}, may be {@code null}
     * @return the target, or {@code null} (answered 400) unless the body is well-formed with a non-empty node, session
     *         and data
     */
    static Target decode(JsonFactory json, String type, byte[] body) {
        Target t = type != null && type.startsWith("application/octet-stream") ? protobuf(body) : json(json, body);
        return t == null || t.node.isEmpty() || t.session.isEmpty() || t.data.length == 0 ? null : t;
    }

    /** Strict: exactly one object whose known fields are strings; unknown fields are skipped. */
    private static Target json(JsonFactory json, byte[] body) {
        String session = "";
        String nodeId = "";
        String data = "";
        try (JsonParser p = json.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                boolean known = name.equals("session") || name.equals("node") || name.equals("data");
                if (known && value != JsonToken.VALUE_STRING) {
                    return null;
                }
                switch (name) {
                    case "session" -> session = p.getText();
                    case "node" -> nodeId = p.getText();
                    case "data" -> data = p.getText();
                    default -> p.skipChildren();
                }
            }
            if (p.nextToken() != null) {
                return null; // trailing content after the object
            }
        } catch (IOException e) {
            return null;
        }
        return new Target(nodeId, session, data.getBytes(StandardCharsets.UTF_8));
    }

    private static Target protobuf(byte[] body) {
        try {
            ClientProtocol.EmulationRequest r = ClientProtocol.EmulationRequest.parseFrom(body);
            return new Target(r.getNode(), r.getSession(), r.getData().toByteArray());
        } catch (IOException e) {
            return null;
        }
    }
}
