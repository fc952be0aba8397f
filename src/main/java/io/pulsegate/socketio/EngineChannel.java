package io.pulsegate.socketio;

import java.util.List;

import io.pulsegate.client.Transport.WriteCallback;

/**
 * The wire under one {@link EngineSession}: HTTP long-polling or a WebSocket. A session starts on one and may move
 * from polling to WebSocket (the Engine.IO upgrade). Called on the session's thread only.
 */
interface EngineChannel {

    /** Sends Engine.IO packets in order; {@code done} once they left (for polling: once a poll carried them). */
    void send(List<String> packets, WriteCallback done);

    /** Ends the channel: a WebSocket close frame with {@code code}, or a close packet in the next poll. */
    void close(int code, String reason);

    /** @return the transport name Engine.IO clients use: {@code polling} or {@code websocket} */
    String name();
}
