package io.pulsegate.socketio;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;

import io.pulsegate.protocol.DisconnectCode;
import io.smallrye.mutiny.Uni;

/**
 * What the Engine.IO layer decides itself before a packet reaches the client session: Engine.IO {@code 1} (close) and
 * Socket.IO {@code 41} (disconnect of the default namespace) end the session; a CONNECT to another namespace gets a
 * CONNECT_ERROR (an unprintable namespace closes the connection as a bad request). Everything else is the session's.
 */
final class InboundPacket {

    /** Namespaces we echo in a CONNECT_ERROR. */
    private static final Pattern NAMESPACE = Pattern.compile("/[A-Za-z0-9_.\\-/]{0,127}");

    private InboundPacket() {
    }

    static Uni<Void> handle(byte[] m, EngineSession engine) {
        if (closes(m)) {
            engine.clientClosed();
            return Uni.createFrom().voidItem();
        }
        String namespace = connectNamespace(m);
        if (namespace != null && !SocketIoPacket.DEFAULT_NAMESPACE.equals(namespace)) {
            if (NAMESPACE.matcher(namespace).matches()) {
                engine.channel().send(List.of("44" + namespace + ",{\"message\":\"Invalid namespace\"}"), ok -> {
                });
            } else {
                engine.session().disconnect(DisconnectCode.BAD_REQUEST);
            }
            return Uni.createFrom().voidItem();
        }
        if (m.length >= 2 && m[0] == EnginePackets.MESSAGE && m[1] == '0' + SocketIoPacket.CONNECT) {
            engine.connecting(m);
        }
        return engine.session().handleMessage(m);
    }

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
}
