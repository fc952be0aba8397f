package io.pulsegate.socketio;

import java.util.List;

import io.pulsegate.client.Transport.WriteCallback;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.mutiny.Uni;

/** Engine.IO over a WebSocket: every packet is its own text frame (there is no separator on this transport). */
final class WebSocketChannel implements EngineChannel {

    private final WebSocketConnection connection;

    WebSocketChannel(WebSocketConnection connection) {
        this.connection = connection;
    }

    WebSocketConnection connection() {
        return connection;
    }

    @Override
    public void send(List<String> packets, WriteCallback done) {
        if (connection.isClosed()) {
            done.completed(false);
            return;
        }
        Uni<Void> sent = Uni.createFrom().voidItem();
        for (String packet : packets) {
            sent = sent.chain(() -> connection.sendText(packet));
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

    @Override
    public String name() {
        return "websocket";
    }
}
