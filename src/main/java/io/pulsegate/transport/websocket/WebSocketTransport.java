package io.pulsegate.transport.websocket;

import java.util.List;
import java.util.Optional;

import io.pulsegate.client.Transport;
import io.pulsegate.metrics.GatewayMetrics;
import io.pulsegate.protocol.ProtocolCodec;
import io.pulsegate.protocol.ProtocolFormat;
import io.pulsegate.transport.BearerToken;
import io.pulsegate.transport.websocket.wire.WireRegistry;
import io.pulsegate.transport.websocket.wire.WireWriter;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketConnection;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * {@link Transport} over one websockets-next connection. Replies travel as text frames (JSON) or binary frames
 * (Protobuf) written by the connection's {@link WireWriter}, which wraps the shared encoded bytes instead of making a
 * {@code String} per subscriber; disconnects go as websockets-next's close frame with code and reason.
 */
final class WebSocketTransport implements Transport {

    private final WebSocketConnection connection;
    private final WireWriter wire;
    private final Context context;
    private final ProtocolCodec codec;
    private final GatewayMetrics metrics;
    private final boolean binary;
    private final boolean bidirectional;

    private WebSocketTransport(WebSocketConnection connection, WireWriter wire, ProtocolCodec codec,
            GatewayMetrics metrics, boolean bidirectional) {
        this.connection = connection;
        this.wire = wire;
        this.context = Vertx.currentContext();
        this.codec = codec;
        this.metrics = metrics;
        this.bidirectional = bidirectional;
        this.binary = codec.format() == ProtocolFormat.PROTOBUF;
    }

    /**
     * The transport of a connection just opened, called from {@code @OnOpen} on its event loop; empty (and the
     * connection closed with 3004 internal) if the upgrade check registered no writer for it, which only a bug could cause.
     *
     * @param bidirectional {@code false} for uni_websocket: bare pushes, each JSON item its own text frame
     */
    static Optional<WebSocketTransport> open(WebSocketConnection connection, WireRegistry wires, ProtocolCodec codec,
            GatewayMetrics metrics, boolean bidirectional) {
        return wires.take(connection)
                .map(wire -> new WebSocketTransport(connection, wire, codec, metrics, bidirectional));
    }

    @Override
    public ProtocolCodec codec() {
        return codec;
    }

    @Override
    public boolean bidirectional() {
        return bidirectional;
    }

    @Override
    public Optional<String> handshakeToken() {
        return BearerToken.from(connection.handshakeRequest().header("Authorization"));
    }

    @Override
    public String name() {
        return bidirectional ? "websocket" : "uni_websocket";
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
        if (!wire.open()) {
            done.completed(false);
            return;
        }
        metrics.sent(message.length);
        if (!bidirectional && !binary) {
            wire.writeLines(message, done); // uni clients parse one push per frame
        } else {
            wire.write(message, binary, done);
        }
    }

    @Override
    public void close(int code, String reason) {
        if (!connection.isClosed()) {
            connection.close(new CloseReason(code, reason)).subscribe().with(ok -> {
            }, failure -> {
            });
        }
    }
}
