package io.pulsegate.transport.websocket;

import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.pulsegate.client.ClientSession;
import io.pulsegate.metrics.GatewayMetrics;
import io.pulsegate.node.Node;
import io.pulsegate.protocol.DisconnectCode;
import io.pulsegate.protocol.ProtocolCodec;
import io.pulsegate.protocol.ProtocolFormat;
import io.pulsegate.protocol.json.JsonCodec;
import io.pulsegate.protocol.protobuf.ProtobufCodec;
import io.pulsegate.transport.websocket.wire.WireRegistry;
import io.quarkus.websockets.next.OnBinaryMessage;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnError;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.UserData;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;

/**
 * The bidirectional client endpoint {@code /connection/websocket} (Centrifugo path, so SDK defaults work). An adapter
 * only: it hands frames to the connection's {@link ClientSession}. Callbacks return {@link Uni} so they run on the
 * event loop, one message at a time per connection.
 *
 * <p>
 * The wire format is fixed at the handshake ({@link ProtocolSelection}): JSON connections exchange text frames,
 * Protobuf connections binary frames. A frame of the other kind closes the connection with 1003, as before.
 */
@WebSocket(path = "/connection/websocket", endpointId = ClientWebSocket.ENDPOINT_ID)
public class ClientWebSocket {

    /** Endpoint id used by upgrade checks. */
    public static final String ENDPOINT_ID = "client-websocket";

    private static final Logger LOG = Logger.getLogger(ClientWebSocket.class);
    private static final UserData.TypedKey<ClientSession> SESSION = new UserData.TypedKey<>("pulsegate.session");

    @Inject
    Node node;
    @Inject
    GatewayMetrics metrics;
    @Inject
    WireRegistry wires;
    @Inject
    JsonCodec jsonCodec;
    @Inject
    ProtobufCodec protobufCodec;

    @OnOpen
    public Uni<Void> onOpen(WebSocketConnection connection) {
        ProtocolFormat format = ProtocolSelection.select(connection.subprotocol(),
                connection.handshakeRequest().query());
        ProtocolCodec codec = format == ProtocolFormat.PROTOBUF ? protobufCodec : jsonCodec;
        metrics.connectionFormat(format == ProtocolFormat.PROTOBUF ? "protobuf" : "json");
        WebSocketTransport.open(connection, wires, codec, metrics, true)
                .ifPresent(transport -> connection.userData().put(SESSION, node.openSession(transport)));
        return Uni.createFrom().voidItem();
    }

    @OnTextMessage
    public Uni<Void> onText(Buffer message, WebSocketConnection connection) {
        return handle(message, connection, ProtocolFormat.JSON);
    }

    @OnBinaryMessage
    public Uni<Void> onBinary(Buffer message, WebSocketConnection connection) {
        return handle(message, connection, ProtocolFormat.PROTOBUF);
    }

    /** Hands a frame to the session if its kind (text or binary) matches the connection's format, else 1003. */
    private static Uni<Void> handle(Buffer message, WebSocketConnection connection, ProtocolFormat frameFormat) {
        ClientSession session = connection.userData().get(SESSION);
        if (session == null) {
            return Uni.createFrom().voidItem();
        }
        if (session.codec().format() != frameFormat) {
            session.disconnect(DisconnectCode.UNSUPPORTED_DATA);
            return Uni.createFrom().voidItem();
        }
        return session.handleMessage(message.getBytes());
    }

    @OnClose
    public Uni<Void> onClose(WebSocketConnection connection) {
        ClientSession session = connection.userData().get(SESSION);
        if (session != null) {
            node.sessionClosed(session);
        }
        return Uni.createFrom().voidItem();
    }

    @OnError
    public Uni<Void> onError(Throwable failure, WebSocketConnection connection) {
        LOG.debugf("websocket error connection=%s: %s", connection.id(), failure.toString());
        ClientSession session = connection.userData().get(SESSION);
        if (session != null) {
            session.disconnect(DisconnectCode.INTERNAL);
        }
        return Uni.createFrom().voidItem();
    }
}
