package io.pulsegate.socketio;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;

import io.smallrye.mutiny.Uni;

/**
 * What the Engine.IO layer decides itself before a packet reaches a namespace's client session: binary attachments
 * are gathered first; Engine.IO {@code 1} (close) ends the session; a Socket.IO DISCONNECT ends its namespace (the
 * socket closes with the last one); a CONNECT opens its namespace's session, or gets a CONNECT_ERROR for a namespace
 * not configured (an unprintable one closes the connection as a bad request); a packet for a namespace that is not
 * connected is a bad request; pongs reach every namespace. Everything else is the namespace session's.
 */
final class InboundPacket {

    /** Namespaces we echo in a CONNECT_ERROR. */
    private static final Pattern NAMESPACE = Pattern.compile("/[A-Za-z0-9_.\\-/]{0,127}");
    private static final Uni<Void> DONE = Uni.createFrom().voidItem();

    private InboundPacket() {
    }

    static Uni<Void> handle(byte[] received, EngineSession engine) {
        byte[] m = engine.gather(received);
        if (m == null) {
            return DONE;
        }
        if (m.length == 1 && m[0] == EnginePackets.CLOSE) {
            engine.clientClosed();
            return DONE;
        }
        if (m.length < 2 || m[0] != EnginePackets.MESSAGE) {
            return engine.toAll(m); // pong, noop; anything else is refused by the codec
        }
        String namespace = namespace(m);
        if (m[1] == '0' + SocketIoPacket.CONNECT) {
            return connect(m, namespace, engine);
        }
        NamespaceSession session = engine.bound(namespace);
        if (session == null && SocketIoPacket.DEFAULT_NAMESPACE.equals(namespace) && engine.unbound() != null) {
            session = engine.unbound(); // before any CONNECT: the default namespace's session refuses it
        }
        if (m[1] == '0' + SocketIoPacket.DISCONNECT) {
            if (session != null) {
                engine.clientLeft(session);
            }
            return DONE;
        }
        if (session == null) {
            engine.badRequest("packet for a namespace that is not connected");
            return DONE;
        }
        return session.session().handleMessage(m);
    }

    private static Uni<Void> connect(byte[] m, String namespace, EngineSession engine) {
        if (!engine.codecs().allowed(namespace)) {
            if (NAMESPACE.matcher(namespace).matches()) {
                engine.channel().send(List.of("44" + namespace + ",{\"message\":\"Invalid namespace\"}"), ok -> {
                });
            } else {
                engine.badRequest("unprintable namespace");
            }
            return DONE;
        }
        NamespaceSession session = engine.connectSession(namespace);
        session.connecting(m);
        return session.session().handleMessage(m);
    }

    /** @return the namespace a Socket.IO packet names ({@code 4x/chat,…}), else the default one */
    private static String namespace(byte[] m) {
        if (m.length < 3 || m[2] != '/') {
            return SocketIoPacket.DEFAULT_NAMESPACE;
        }
        int end = 2;
        while (end < m.length && m[end] != ',' && end < 2 + 256) {
            end++;
        }
        return new String(m, 2, end - 2, StandardCharsets.UTF_8);
    }
}
