package io.pulsegate.socketio;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import io.pulsegate.client.Transport;
import io.pulsegate.metrics.GatewayMetrics;
import io.pulsegate.protocol.DisconnectCode;
import io.pulsegate.protocol.ProtocolCodec;
import io.pulsegate.transport.BearerToken;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;

/**
 * {@link Transport} of one Socket.IO namespace connection over an Engine.IO WebSocket: every Engine.IO packet of a
 * joined message leaves as its own text frame (Engine.IO over WebSocket has no separator), empty items not at all.
 */
final class SocketIoTransport implements Transport {

    private final WebSocketConnection connection;
    private final Context context;
    private final SocketIoCodec codec;
    private final GatewayMetrics metrics;
    /** Set once the CONNECT reply was written: a terminal close is then a DISCONNECT, before it a CONNECT_ERROR. */
    private boolean connected;

    SocketIoTransport(WebSocketConnection connection, Context context, SocketIoCodec codec, GatewayMetrics metrics) {
        this.connection = connection;
        this.context = context;
        this.codec = codec;
        this.metrics = metrics;
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
        return BearerToken.from(connection.handshakeRequest().header("Authorization"));
    }

    @Override
    public String name() {
        return "socketio";
    }

    @Override
    public List<String> header(String name) {
        List<String> values = connection.handshakeRequest().headers(name);
        return values == null ? List.of() : values;
    }

    @Override
    public void execute(Runnable task) {
        context.runOnContext(v -> task.run());
    }

    @Override
    public void write(byte[] message, WriteCallback done) {
        if (connection.isClosed()) {
            done.completed(false);
            return;
        }
        Uni<Void> sent = Uni.createFrom().voidItem();
        int start = 0;
        for (int i = 0; i <= message.length; i++) {
            if (i == message.length || message[i] == EnginePackets.SEPARATOR) {
                if (i > start) {
                    connected |= message[start] == EnginePackets.MESSAGE && i - start > 1
                            && message[start + 1] == '0' + SocketIoPacket.CONNECT;
                    String packet = new String(message, start, i - start, StandardCharsets.UTF_8);
                    sent = sent.chain(() -> connection.sendText(packet));
                }
                start = i + 1;
            }
        }
        metrics.sent(message.length);
        sent.subscribe().with(ok -> done.completed(true), failure -> done.completed(false));
    }

    /**
     * A disconnect the client must not retry (codes from 3500) is a Socket.IO DISCONNECT first, so socket.io-client
     * stays down ("io server disconnect"), or a CONNECT_ERROR when the namespace was not connected yet (a refused
     * token: {@code connect_error} with the reason and {@code data.code}). Any other only closes the socket and the
     * client reconnects.
     */
    @Override
    public void close(int code, String reason) {
        if (connection.isClosed()) {
            return;
        }
        Uni<Void> before = terminal(code)
                ? connection.sendText(connected ? disconnectPacket() : connectError(code, reason))
                : Uni.createFrom().voidItem();
        before.onFailure().recoverWithNull().chain(() -> connection.close(new CloseReason(code, reason))).subscribe()
                .with(ok -> {
                }, failure -> {
                });
    }

    /** Centrifugo's ranges: 3500–3999 and 4500–4999 tell a client not to reconnect; so does a too big message. */
    static boolean terminal(int code) {
        return code >= 3500 && code < 4000 || code >= 4500 && code < 5000
                || code == DisconnectCode.MESSAGE_TOO_BIG.code();
    }

    private String disconnectPacket() {
        return "41" + namespacePrefix();
    }

    private String connectError(int code, String reason) {
        return "44" + namespacePrefix() + "{\"message\":" + SocketIoCodec.quoted(reason) + ",\"data\":{\"code\":" + code
                + "}}";
    }

    private String namespacePrefix() {
        String ns = codec.namespace();
        return SocketIoPacket.DEFAULT_NAMESPACE.equals(ns) ? "" : ns + ",";
    }
}
