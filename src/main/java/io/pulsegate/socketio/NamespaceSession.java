package io.pulsegate.socketio;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.pulsegate.client.ClientSession;
import io.pulsegate.client.Transport;
import io.pulsegate.protocol.DisconnectCode;
import io.pulsegate.protocol.ProtocolCodec;

/**
 * One Socket.IO namespace connection over an {@link EngineSession}: the {@link Transport} of its own
 * {@link ClientSession} (ADR 0007). The first one is opened with the Engine.IO session and bound to the namespace of
 * the first CONNECT; others open with their CONNECT. Session thread only, except {@link #execute}.
 */
final class NamespaceSession implements Transport {

    private final EngineSession engine;
    private final OutboundPackets outbound = new OutboundPackets();
    private SocketIoCodec codec;
    private ClientSession session;
    /** Set once the CONNECT reply was written: a terminal close is then a DISCONNECT, before it a CONNECT_ERROR. */
    private boolean connected;
    private boolean closed;

    NamespaceSession(EngineSession engine, SocketIoCodec codec) {
        this.engine = engine;
        this.codec = codec;
    }

    void attach(ClientSession session) {
        this.session = session;
    }

    /** The first CONNECT names this session's namespace (before it, the session has none and serves nothing). */
    void bind(SocketIoCodec codec) {
        this.codec = codec;
    }

    ClientSession session() {
        return session;
    }

    String namespace() {
        return codec.namespace();
    }

    /** A CONNECT of this namespace arrives: remember the {@code pid} it asks to recover. */
    void connecting(byte[] packet) {
        outbound.connecting(codec.connectPid(packet));
    }

    @Override
    public ProtocolCodec codec() {
        return codec;
    }

    @Override
    public boolean bidirectional() {
        return true;
    }

    @Override
    public Optional<String> handshakeToken() {
        List<String> values = engine.header("Authorization");
        return io.pulsegate.transport.BearerToken.from(values.isEmpty() ? null : values.get(0));
    }

    @Override
    public String name() {
        return "socketio";
    }

    @Override
    public List<String> header(String name) {
        return engine.header(name);
    }

    @Override
    public void execute(Runnable task) {
        engine.execute(task);
    }

    /** Splits a joined message into its Engine.IO packets and sends them; empty items send nothing. */
    @Override
    public void write(byte[] message, WriteCallback done) {
        List<String> packets = new ArrayList<>(1);
        EnginePackets.split(message, (from, to) -> {
            connected |= message[from] == EnginePackets.MESSAGE && to - from > 1
                    && message[from + 1] == '0' + SocketIoPacket.CONNECT;
            String packet = outbound.rewrite(new String(message, from, to - from, StandardCharsets.UTF_8));
            if (packet != null) {
                packets.add(packet);
            }
        });
        if (packets.isEmpty() || closed) {
            done.completed(!closed);
            return;
        }
        engine.channel().send(packets, done);
    }

    /**
     * A disconnect the client must not retry (codes from 3500) is a Socket.IO DISCONNECT of this namespace, so
     * socket.io-client keeps it down ("io server disconnect"), or a CONNECT_ERROR when it was not connected yet (a
     * refused token: {@code connect_error} with the reason and {@code data.code}); the other namespaces go on. Any
     * other closes the Engine.IO socket, and the client reconnects every namespace.
     */
    @Override
    public void close(int code, String reason) {
        if (closed) {
            return;
        }
        if (!terminal(code)) {
            engine.closeWire(code, reason);
            return;
        }
        engine.channel().send(List.of(connected ? "41" + namespacePrefix() : connectError(code, reason)), ok -> {
        });
        engine.left(this, code, reason);
    }

    /** This namespace left: nothing more is written for it. */
    void closed() {
        closed = true;
    }

    /** Centrifugo's ranges: 3500–3999 and 4500–4999 tell a client not to reconnect; so does a too big message. */
    static boolean terminal(int code) {
        return code >= 3500 && code < 4000 || code >= 4500 && code < 5000
                || code == DisconnectCode.MESSAGE_TOO_BIG.code();
    }

    private String connectError(int code, String reason) {
        return "44" + namespacePrefix() + "{\"message\":" + SocketIoCodec.quoted(reason) + ",\"data\":{\"code\":"
                + code + "}}";
    }

    private String namespacePrefix() {
        String ns = codec.namespace();
        return SocketIoPacket.DEFAULT_NAMESPACE.equals(ns) ? "" : ns + ",";
    }
}
