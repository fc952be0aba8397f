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

    private record Target(String node, String session, byte[] data) {}

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
        String type = rc.request().getHeader("Content-Type");
        Target target = type != null && type.startsWith("application/octet-stream") ? protobuf(body) : json(body);
        if (target == null || target.node.isEmpty() || target.session.isEmpty() || target.data.length == 0) {
            rc.response().setStatusCode(400).end();
            return;
        }
        node.control().forwardEmulation(target.node, target.session, target.data).subscribe().with(
                found -> rc.response().setStatusCode(found ? 204 : 404).end(),
                failure -> rc.response().setStatusCode(503).putHeader("Retry-After", "1").end());
    }

    private Target json(byte[] body) {
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
                switch (name) {
                    case "session" -> session = value == JsonToken.VALUE_STRING ? p.getText() : "";
                    case "node" -> nodeId = value == JsonToken.VALUE_STRING ? p.getText() : "";
                    case "data" -> data = value == JsonToken.VALUE_STRING ? p.getText() : "";
                    default -> p.skipChildren();
                }
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
