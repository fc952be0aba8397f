package io.pulsegate.socketio;

import java.util.List;

import io.pulsegate.client.Transport.WriteCallback;
import io.pulsegate.transport.websocket.wire.WireWriter;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketConnection;

/** Engine.IO over a WebSocket: every packet is its own text frame (there is no separator on this transport). */
final class WebSocketChannel implements EngineChannel {

    private final WebSocketConnection connection;
    private final WireWriter wire;

    WebSocketChannel(WebSocketConnection connection, WireWriter wire) {
        this.connection = connection;
        this.wire = wire;
    }

    WebSocketConnection connection() {
        return connection;
    }

    @Override
    public void send(List<String> packets, WriteCallback done) {
        wire.writeTexts(packets, done);
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
