package io.pulsegate.socketio;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

import io.pulsegate.client.ClientSession;
import io.pulsegate.client.Transport;
import io.pulsegate.protocol.DisconnectCode;
import io.pulsegate.protocol.ProtocolCodec;
import io.pulsegate.transport.SerialInbox;
import io.vertx.core.Context;

/**
 * One Engine.IO session carrying the default Socket.IO namespace: the {@link Transport} of its {@link ClientSession}
 * over an {@link EngineChannel} that may change from polling to WebSocket. Inbound packets from any request or frame
 * queue here and reach the session one at a time on the session's thread (its Vert.x context).
 */
final class EngineSession implements Transport {

    private static final int MAX_INBOX = 256;
    private final String sid;
    private final Context context;
    private final SocketIoCodec codec;
    private final Function<String, List<String>> headers;
    private final Consumer<EngineSession> onEnd;
    private final SerialInbox inbox = new SerialInbox(this, MAX_INBOX);
    private EngineChannel channel;
    private ClientSession session;
    private boolean ended;
    /** Set once the CONNECT reply was written: a terminal close is then a DISCONNECT, before it a CONNECT_ERROR. */
    private boolean connected;
    private final OutboundPackets outbound = new OutboundPackets();

    /**
     * @param headers the handshake request's headers by name (case-insensitive)
     * @param onEnd runs once, on the session's thread, when the session ended
     */
    EngineSession(String sid, Context context, SocketIoCodec codec, EngineChannel channel,
            Function<String, List<String>> headers, Consumer<EngineSession> onEnd) {
        this.sid = sid;
        this.context = context;
        this.codec = codec;
        this.channel = channel;
        this.headers = headers;
        this.onEnd = onEnd;
    }

    void attach(ClientSession session) {
        this.session = session;
        inbox.handleWith(packet -> InboundPacket.handle(packet, this),
                () -> session.disconnect(DisconnectCode.TOO_MANY_REQUESTS));
    }

    String sid() {
        return sid;
    }

    ClientSession session() {
        return session;
    }

    EngineChannel channel() {
        return channel;
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

    /** An inbound Engine.IO packet (any thread). */
    void receive(byte[] packet) {
        inbox.add(packet);
    }

    /** A CONNECT of the default namespace arrives: remember the {@code pid} it asks to recover. Session thread. */
    void connecting(byte[] packet) {
        outbound.connecting(codec.connectPid(packet));
    }

    /** The client closed the session (Engine.IO close or Socket.IO disconnect). Session thread. */
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
        onEnd.accept(this);
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
        List<String> values = headers.apply("Authorization");
        return io.pulsegate.transport.BearerToken.from(values.isEmpty() ? null : values.get(0));
    }

    @Override
    public String name() {
        return "socketio";
    }

    @Override
    public List<String> header(String name) {
        return headers.apply(name);
    }

    @Override
    public void execute(Runnable task) {
        context.runOnContext(v -> task.run());
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
        if (packets.isEmpty()) {
            done.completed(true);
            return;
        }
        channel.send(packets, done);
    }

    /**
     * A disconnect the client must not retry (codes from 3500) is a Socket.IO DISCONNECT first, so socket.io-client
     * stays down ("io server disconnect"), or a CONNECT_ERROR when the namespace was not connected yet (a refused
     * token: {@code connect_error} with the reason and {@code data.code}). Any other only closes the wire and the
     * client reconnects.
     */
    @Override
    public void close(int code, String reason) {
        if (ended) {
            return;
        }
        if (terminal(code)) {
            channel.send(List.of(connected ? "41" + namespacePrefix() : connectError(code, reason)), ok -> {
            });
        }
        channel.close(code, reason);
        if (channel instanceof PollingChannel) {
            end(); // no socket to wait for: the close packet waits for the next poll
        }
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
