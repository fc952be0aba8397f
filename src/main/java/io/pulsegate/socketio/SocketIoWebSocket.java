package io.pulsegate.socketio;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

import jakarta.inject.Inject;

import io.pulsegate.client.ClientSession;
import io.pulsegate.config.PulsegateConfig;
import io.pulsegate.metrics.GatewayMetrics;
import io.pulsegate.node.Node;
import io.pulsegate.protocol.DisconnectCode;
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
 * Engine.IO v4 over WebSocket at {@code /socket.io/} (socket.io-client's default path; {@link SocketIoUpgradeCheck}
 * admits only {@code EIO=4&transport=websocket}). Sends the handshake, then hands Socket.IO packets of the default
 * namespace to the connection's {@link ClientSession}. Engine.IO close and Socket.IO DISCONNECT close the socket; a
 * CONNECT to another namespace gets a CONNECT_ERROR; binary frames (attachments) close with 1003.
 */
@WebSocket(path = "/socket.io/", endpointId = SocketIoWebSocket.ENDPOINT_ID)
public class SocketIoWebSocket {

    static final String ENDPOINT_ID = "socket-io";
    /** Namespaces we echo in a CONNECT_ERROR; any other closes the connection as a bad request. */
    private static final Pattern NAMESPACE = Pattern.compile("/[A-Za-z0-9_.\\-/]{0,127}");
    private static final UserData.TypedKey<ClientSession> SESSION = new UserData.TypedKey<>("pulsegate.socketio");

    @Inject
    Node node;
    @Inject
    GatewayMetrics metrics;
    @Inject
    PulsegateConfig config;
    @Inject
    SocketIoCodecs codecs;

    @OnOpen
    public Uni<Void> onOpen(WebSocketConnection connection) {
        metrics.connectionFormat("json");
        String open = EnginePackets.open(SessionIds.next(), config.client().pingInterval().toMillis(),
                config.client().pongTimeout().toMillis(), config.websocket().maxMessageSize());
        SocketIoTransport transport = new SocketIoTransport(connection, Vertx.currentContext(), codecs.main(),
                metrics);
        return connection.sendText(open)
                .invoke(() -> connection.userData().put(SESSION, node.openSession(transport)));
    }

    @OnTextMessage
    public Uni<Void> onText(Buffer message, WebSocketConnection connection) {
        ClientSession session = connection.userData().get(SESSION);
        if (session == null) {
            return Uni.createFrom().voidItem();
        }
        byte[] bytes = message.getBytes();
        if (closes(bytes)) {
            return connection.close();
        }
        String namespace = connectNamespace(bytes);
        if (namespace != null && !SocketIoPacket.DEFAULT_NAMESPACE.equals(namespace)) {
            if (!NAMESPACE.matcher(namespace).matches()) {
                session.disconnect(DisconnectCode.BAD_REQUEST);
                return Uni.createFrom().voidItem();
            }
            return connection.sendText("44" + namespace + ",{\"message\":\"Invalid namespace\"}");
        }
        return session.handleMessage(bytes);
    }

    /** Engine.IO {@code 1} (close) and Socket.IO {@code 41} (disconnect of the default namespace). */
    private static boolean closes(byte[] m) {
        return m.length == 1 && m[0] == EnginePackets.CLOSE
                || m.length == 2 && m[0] == EnginePackets.MESSAGE && m[1] == '0' + SocketIoPacket.DISCONNECT;
    }

    /** @return the namespace a CONNECT names explicitly ({@code 40/chat,…}), else {@code null} */
    private static String connectNamespace(byte[] m) {
        if (m.length < 3 || m[0] != EnginePackets.MESSAGE || m[1] != '0' + SocketIoPacket.CONNECT || m[2] != '/') {
            return null;
        }
        int end = 2;
        while (end < m.length && m[end] != ',') {
            end++;
        }
        return new String(m, 2, end - 2, StandardCharsets.UTF_8);
    }

    @OnBinaryMessage
    public Uni<Void> onBinary(Buffer message, WebSocketConnection connection) {
        ClientSession session = connection.userData().get(SESSION);
        if (session != null) {
            session.disconnect(DisconnectCode.UNSUPPORTED_DATA);
        }
        return Uni.createFrom().voidItem();
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
        ClientSession session = connection.userData().get(SESSION);
        if (session != null) {
            session.disconnect(DisconnectCode.INTERNAL);
        }
        return Uni.createFrom().voidItem();
    }
}
