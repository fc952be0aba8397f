package io.pulsegate.socketio;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

import org.jboss.logging.Logger;

import io.pulsegate.client.ClientSession;
import io.pulsegate.client.Transport;
import io.pulsegate.client.Transport.WriteCallback;
import io.pulsegate.protocol.DisconnectCode;
import io.pulsegate.protocol.ProtocolException;
import io.pulsegate.transport.SerialInbox;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;

/**
 * One Engine.IO session over an {@link EngineChannel} that may change from polling to WebSocket, carrying one
 * {@link NamespaceSession} (a client session) per connected Socket.IO namespace (ADR 0007). Inbound packets from any
 * request or frame queue here, binary attachments are gathered ({@link Attachments}), and packets reach their
 * namespace one at a time on the session's thread (its Vert.x context). The socket closes when the last namespace
 * left.
 */
final class EngineSession {

    private static final Logger LOG = Logger.getLogger(EngineSession.class);
    private static final int MAX_INBOX = 256;
    private final String sid;
    private final Context context;
    private final Function<String, List<String>> headers;
    private final Consumer<EngineSession> onEnd;
    private final SerialInbox inbox;
    private final Map<String, NamespaceSession> namespaces = new LinkedHashMap<>();
    private final Attachments attachments;
    private EngineChannel channel;
    /** Opened with the Engine.IO session (its stale timer bounds a client that never connects a namespace). */
    private NamespaceSession unbound;
    private Hooks hooks;
    private boolean ended;

    /** How namespace sessions become client sessions and leave: the node's. */
    record Hooks(SocketIoCodecs codecs, Function<Transport, ClientSession> open, Consumer<ClientSession> closed) {}

    /**
     * @param headers the handshake request's headers by name (case-insensitive)
     * @param onEnd runs once, on the session's thread, when the session ended
     */
    EngineSession(String sid, Context context, EngineChannel channel, Function<String, List<String>> headers,
            Attachments attachments, Consumer<EngineSession> onEnd) {
        this.sid = sid;
        this.context = context;
        this.channel = channel;
        this.headers = headers;
        this.attachments = attachments;
        this.onEnd = onEnd;
        this.inbox = new SerialInbox(this::execute, MAX_INBOX);
    }

    /** Opens the first namespace session; packets queued before wait for it. */
    void start(Hooks hooks) {
        this.hooks = hooks;
        unbound = new NamespaceSession(this, hooks.codecs().main());
        unbound.attach(hooks.open().apply(unbound));
        inbox.handleWith(packet -> InboundPacket.handle(packet, this),
                () -> disconnectAll(DisconnectCode.TOO_MANY_REQUESTS));
    }

    String sid() {
        return sid;
    }

    EngineChannel channel() {
        return channel;
    }

    List<String> header(String name) {
        return headers.apply(name);
    }

    SocketIoCodecs codecs() {
        return hooks.codecs();
    }

    void execute(Runnable task) {
        context.runOnContext(v -> task.run());
    }

    /** Moves the session to an upgraded WebSocket; packets still waiting for a poll go there. Session thread. */
    void upgrade(WebSocketChannel ws) {
        List<WriteCallback> callbacks = new ArrayList<>();
        List<String> waiting = channel instanceof PollingChannel p ? p.drain(callbacks) : List.of();
        channel = ws;
        if (!waiting.isEmpty()) {
            ws.send(waiting, ok -> callbacks.forEach(c -> c.completed(ok)));
        }
    }

    /** The client probes a WebSocket before upgrading: a held poll returns so it can pause polling. */
    void pauseForUpgrade() {
        if (channel instanceof PollingChannel p) {
            p.pauseForUpgrade();
        }
    }

    /** An inbound Engine.IO text packet, binary ones as {@code b<base64>} (any thread). */
    void receive(byte[] packet) {
        inbox.add(packet);
    }

    /** An inbound WebSocket binary frame: an attachment (any thread). */
    void receiveBinary(byte[] data) {
        inbox.add(Attachments.binaryPacket(data));
    }

    /** @return the packet to dispatch, {@code null} while attachments are gathered or after a bad one */
    byte[] gather(byte[] packet) {
        try {
            return attachments.accept(packet);
        } catch (ProtocolException e) {
            badRequest(e.getMessage());
            return null;
        }
    }

    /** @return the session of a connected namespace, or {@code null} */
    NamespaceSession bound(String namespace) {
        return namespaces.get(namespace);
    }

    /** @return the session not bound to a namespace yet, or {@code null} */
    NamespaceSession unbound() {
        return unbound;
    }

    /** A CONNECT of an allowed namespace: its session, the unbound one or a new one. Session thread. */
    NamespaceSession connectSession(String namespace) {
        NamespaceSession session = namespaces.get(namespace);
        if (session != null) {
            return session; // a second CONNECT: the client session answers it
        }
        SocketIoCodec codec = hooks.codecs().codec(namespace);
        if (unbound != null) {
            session = unbound;
            unbound = null;
            session.bind(codec);
        } else {
            session = new NamespaceSession(this, codec);
            session.attach(hooks.open().apply(session));
        }
        namespaces.put(namespace, session);
        return session;
    }

    /** A packet for every namespace session (pongs, and what is not a Socket.IO packet). */
    Uni<Void> toAll(byte[] packet) {
        Uni<Void> all = Uni.createFrom().voidItem();
        for (NamespaceSession session : live()) {
            all = all.chain(() -> session.session().handleMessage(packet));
        }
        return all;
    }

    /** The client disconnected one namespace (Socket.IO DISCONNECT): the others go on. */
    void clientLeft(NamespaceSession session) {
        forget(session);
        if (live().isEmpty()) {
            clientClosed();
        }
    }

    /** The server ended one namespace for good; the socket closes with the last one. */
    void left(NamespaceSession session, int code, String reason) {
        forget(session);
        if (live().isEmpty()) {
            closeWire(code, reason);
        }
    }

    private void forget(NamespaceSession session) {
        if (namespaces.remove(session.namespace(), session) || unbound == session) {
            if (unbound == session) {
                unbound = null;
            }
            session.closed();
            hooks.closed().accept(session.session());
        }
    }

    /** Closes the Engine.IO socket: every namespace session ends with it. */
    void closeWire(int code, String reason) {
        channel.close(code, reason);
        if (channel instanceof PollingChannel) {
            end(); // no socket to wait for: the close packet waits for the next poll
        }
    }

    /** Bad input on the connection (not of one namespace): one log line, every namespace closes with 3501. */
    void badRequest(String why) {
        LOG.debugf("bad request socket.io sid=%s reason=%s", sid, why);
        disconnectAll(DisconnectCode.BAD_REQUEST);
    }

    void disconnectAll(DisconnectCode code) {
        for (NamespaceSession session : live()) {
            session.session().disconnect(code);
        }
    }

    /** The client closed the session (Engine.IO close or its last namespace's disconnect). Session thread. */
    void clientClosed() {
        channel.close(1000, "client closed");
        end();
    }

    /** The wire went away (socket closed, client closed the session) or the session closed it. Session thread. */
    void end() {
        if (ended) {
            return;
        }
        ended = true;
        inbox.close();
        for (NamespaceSession session : live()) {
            forget(session);
        }
        onEnd.accept(this);
    }

    private List<NamespaceSession> live() {
        List<NamespaceSession> live = new ArrayList<>(namespaces.values());
        if (unbound != null) {
            live.add(unbound);
        }
        return live;
    }
}
