package io.pulsegate.transport.websocket;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import jakarta.inject.Inject;

import io.pulsegate.client.ClientSession;
import io.pulsegate.metrics.GatewayMetrics;
import io.pulsegate.node.Node;
import io.pulsegate.protocol.Command;
import io.pulsegate.protocol.DisconnectCode;
import io.pulsegate.protocol.ProtocolException;
import io.pulsegate.protocol.Request;
import io.pulsegate.protocol.json.JsonCodec;
import io.pulsegate.transport.stream.ConnectRequests;
import io.pulsegate.transport.stream.UniCodec;
import io.pulsegate.transport.websocket.wire.WireRegistry;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.UserData;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;

/**
 * The unidirectional WebSocket endpoint {@code /connection/uni_websocket}: the JSON ConnectRequest arrives as the
 * first text message or in the {@code cf_connect} query parameter; the server then only sends bare pushes, one per
 * text frame, and closes with the disconnect code. Later client messages are ignored; a malformed connect request
 * closes with 3501. Origin and overload checks are the shared upgrade checks.
 */
@WebSocket(path = "/connection/uni_websocket", endpointId = "uni-websocket")
public class UniWebSocket {

    private static final UserData.TypedKey<ClientSession> SESSION = new UserData.TypedKey<>("pulsegate.uni");
    private static final UserData.TypedKey<Boolean> CONNECTING = new UserData.TypedKey<>("pulsegate.uni.connect");

    @Inject
    Node node;
    @Inject
    GatewayMetrics metrics;
    @Inject
    WireRegistry wires;
    @Inject
    JsonCodec json;

    @Inject
    UniCodec codec;

    @OnOpen
    public Uni<Void> onOpen(WebSocketConnection connection) {
        // the session starts now, so its stale timer closes clients that never send the connect request
        Optional<WebSocketTransport> transport = WebSocketTransport.open(connection, wires, codec, metrics, false);
        if (transport.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        connection.userData().put(SESSION, node.openSession(transport.get()));
        String query = connection.handshakeRequest().query();
        String cfConnect = null;
        if (query != null) {
            for (String param : query.split("&", 32)) {
                if (param.startsWith("cf_connect=")) {
                    cfConnect = URLDecoder.decode(param.substring(11), StandardCharsets.UTF_8);
                }
            }
        }
        return cfConnect == null
                ? Uni.createFrom().voidItem()
                : connect(connection, cfConnect.getBytes(
                        StandardCharsets.UTF_8));
    }

    @OnTextMessage
    public Uni<Void> onText(Buffer message, WebSocketConnection connection) {
        if (connection.userData().get(CONNECTING) != null) {
            return Uni.createFrom().voidItem();
        }
        return connect(connection, message.getBytes());
    }

    private Uni<Void> connect(WebSocketConnection connection, byte[] body) {
        connection.userData().put(CONNECTING, Boolean.TRUE);
        ClientSession session = connection.userData().get(SESSION);
        if (session == null) {
            return Uni.createFrom().voidItem(); // closed at open: no wire writer
        }
        Request.Connect request;
        try {
            request = ConnectRequests.decode(json, body);
        } catch (ProtocolException e) {
            session.disconnect(DisconnectCode.BAD_REQUEST);
            return Uni.createFrom().voidItem();
        }
        return session.handleCommands(List.of(new Command(1, request)));
    }

    @OnClose
    public Uni<Void> onClose(WebSocketConnection connection) {
        ClientSession session = connection.userData().get(SESSION);
        if (session != null) {
            node.sessionClosed(session);
        }
        return Uni.createFrom().voidItem();
    }
}
