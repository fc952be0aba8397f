package io.pulsegate.transport.websocket;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import io.pulsegate.client.Transport;
import io.pulsegate.metrics.GatewayMetrics;
import io.pulsegate.protocol.ProtocolCodec;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketConnection;
import io.vertx.core.Context;

/**
 * {@link Transport} over one websockets-next connection. Replies travel as text frames (JSON); disconnects as the
 * close frame's code and reason.
 */
final class WebSocketTransport implements Transport {

    private final WebSocketConnection connection;
    private final Context context;
    private final ProtocolCodec codec;
    private final GatewayMetrics metrics;

    WebSocketTransport(WebSocketConnection connection, Context context, ProtocolCodec codec, GatewayMetrics metrics) {
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
        String header = connection.handshakeRequest().header("Authorization");
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.of(header.substring(7).trim());
        }
        return Optional.empty();
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
        connection.sendText(new String(message, StandardCharsets.UTF_8)).subscribe()
                .with(ok -> done.completed(true), failure -> done.completed(false));
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
