package io.pulsegate.socketio;

import java.util.List;
import java.util.Optional;

import jakarta.inject.Inject;

import io.pulsegate.metrics.GatewayMetrics;
import io.pulsegate.protocol.DisconnectCode;
import io.pulsegate.transport.websocket.wire.WireRegistry;
import io.pulsegate.transport.websocket.wire.WireWriter;
import io.quarkus.websockets.next.HandshakeRequest;
import io.quarkus.websockets.next.OnBinaryMessage;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnError;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.UserData;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;

/**
 * Engine.IO v4 over WebSocket at {@code /socket.io/} ({@link SocketIoUpgradeCheck} admits {@code EIO=4}). Without
 * {@code sid} a new session starts here with the handshake packet; with the {@code sid} of a polling session of this
 * node it is that session's upgrade: {@code 2probe} is answered {@code 3probe} (the pending poll returns so the
 * client can pause), and {@code 5} moves the session onto this socket. Binary frames are attachments
 * ({@link Attachments}).
 */
@WebSocket(path = "/socket.io/", endpointId = SocketIoWebSocket.ENDPOINT_ID)
public class SocketIoWebSocket {

    static final String ENDPOINT_ID = "socket-io";
    private static final UserData.TypedKey<EngineSession> SESSION = new UserData.TypedKey<>("pulsegate.socketio");
    private static final UserData.TypedKey<EngineSession> UPGRADING = new UserData.TypedKey<>(
            "pulsegate.socketio.upgrading");
    private static final UserData.TypedKey<WireWriter> WIRE = new UserData.TypedKey<>("pulsegate.socketio.wire");

    @Inject
    EngineSessions sessions;
    @Inject
    GatewayMetrics metrics;
    @Inject
    SocketIoMetrics socketIoMetrics;
    @Inject
    WireRegistry wires;

    @OnOpen
    public Uni<Void> onOpen(WebSocketConnection connection) {
        Optional<WireWriter> wire = wires.take(connection);
        if (wire.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        connection.userData().put(WIRE, wire.get());
        HandshakeRequest handshake = connection.handshakeRequest();
        EngineSession polling = sessions.find(handshake.query() == null ? null : sid(handshake));
        if (polling != null) {
            connection.userData().put(UPGRADING, polling);
            return Uni.createFrom().voidItem();
        }
        metrics.connectionFormat("json");
        EngineSession engine = sessions.open(new WebSocketChannel(connection, wire.get()),
                SocketIoWebSocket.headers(handshake),
                Vertx.currentContext());
        connection.userData().put(SESSION, engine);
        return connection.sendText(sessions.openPacket(engine.sid(), false));
    }

    private static String sid(HandshakeRequest handshake) {
        for (String param : handshake.query().split("&", 16)) {
            if (param.startsWith("sid=")) {
                return param.substring(4);
            }
        }
        return null;
    }

    static java.util.function.Function<String, List<String>> headers(HandshakeRequest handshake) {
        return name -> {
            List<String> values = handshake.headers(name);
            return values == null ? List.of() : values;
        };
    }

    @OnTextMessage
    public Uni<Void> onText(Buffer message, WebSocketConnection connection) {
        EngineSession engine = connection.userData().get(SESSION);
        if (engine != null) {
            engine.receive(message.getBytes());
            return Uni.createFrom().voidItem();
        }
        EngineSession upgrading = connection.userData().get(UPGRADING);
        if (upgrading == null) {
            return Uni.createFrom().voidItem();
        }
        String text = message.toString();
        if ("2probe".equals(text)) {
            upgrading.execute(upgrading::pauseForUpgrade);
            return connection.sendText("3probe");
        }
        if ("5".equals(text)) {
            connection.userData().put(SESSION, upgrading);
            socketIoMetrics.upgraded();
            upgrading.execute(
                    () -> upgrading.upgrade(new WebSocketChannel(connection, connection.userData().get(WIRE))));
            return Uni.createFrom().voidItem();
        }
        return connection.close();
    }

    @OnBinaryMessage
    public Uni<Void> onBinary(Buffer message, WebSocketConnection connection) {
        EngineSession engine = connection.userData().get(SESSION);
        if (engine != null) {
            engine.receiveBinary(message.getBytes());
        }
        return Uni.createFrom().voidItem();
    }

    @OnClose
    public Uni<Void> onClose(WebSocketConnection connection) {
        EngineSession engine = connection.userData().get(SESSION);
        if (engine != null) {
            engine.execute(() -> {
                if (engine.channel() instanceof WebSocketChannel ws && ws.connection() == connection) {
                    engine.end();
                }
            });
        }
        return Uni.createFrom().voidItem();
    }

    @OnError
    public Uni<Void> onError(Throwable failure, WebSocketConnection connection) {
        EngineSession engine = connection.userData().get(SESSION);
        if (engine != null) {
            engine.execute(() -> engine.disconnectAll(DisconnectCode.INTERNAL));
        }
        return Uni.createFrom().voidItem();
    }
}
