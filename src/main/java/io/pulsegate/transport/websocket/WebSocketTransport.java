package io.pulsegate.transport.websocket;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import io.pulsegate.client.Transport;
import io.pulsegate.metrics.GatewayMetrics;
import io.pulsegate.protocol.ProtocolCodec;
import io.pulsegate.protocol.ProtocolFormat;
import io.pulsegate.transport.BearerToken;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;

/**
 * {@link Transport} over one websockets-next connection. Replies travel as text frames (JSON) or binary frames
 * (Protobuf); disconnects as the close frame's code and reason.
 */
final class WebSocketTransport implements Transport {

    private final WebSocketConnection connection;
    private final Context context;
    private final ProtocolCodec codec;
    private final GatewayMetrics metrics;
    private final boolean binary;
    private final boolean bidirectional;

    WebSocketTransport(WebSocketConnection connection, Context context, ProtocolCodec codec, GatewayMetrics metrics) {
        this(connection, context, codec, metrics, true);
    }

    /** @param bidirectional {@code false} for uni_websocket: bare pushes, each JSON item its own text frame */
    WebSocketTransport(WebSocketConnection connection, Context context, ProtocolCodec codec, GatewayMetrics metrics,
            boolean bidirectional) {
        this.bidirectional = bidirectional;
        this.connection = connection;
        this.context = context;
        this.codec = codec;
        this.metrics = metrics;
        this.binary = codec.format() == ProtocolFormat.PROTOBUF;
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
        if (connection.isClosed()) {
            done.completed(false);
            return;
        }
        metrics.sent(message.length);
        if (!bidirectional && !binary) {
            writeItems(new String(message, StandardCharsets.UTF_8), done);
            return;
        }
        Uni<Void> sent = binary
                ? connection.sendBinary(Buffer.buffer(message))
                : connection.sendText(new String(message, StandardCharsets.UTF_8));
        sent.subscribe().with(ok -> done.completed(true), failure -> done.completed(false));
    }

    /** Uni clients parse one push per frame (Centrifugo's default without join_push_messages). */
    private void writeItems(String joined, WriteCallback done) {
        String[] items = joined.split("\n", -1);
        Uni<Void> sent = Uni.createFrom().voidItem();
        for (String item : items) {
            sent = sent.chain(() -> connection.sendText(item));
        }
        sent.subscribe().with(ok -> done.completed(true), failure -> done.completed(false));
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
