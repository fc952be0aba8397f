package io.pulsegate.client;

import java.util.List;
import java.util.Optional;

import io.pulsegate.protocol.ProtocolCodec;

/**
 * What a {@link ClientSession} needs from the connection it runs on. Transport adapters (WebSocket, SSE, HTTP
 * streaming) implement it; the session never sees sockets.
 */
public interface Transport {

    /** @return the codec of this connection's wire format */
    ProtocolCodec codec();

    /** @return whether the client can send commands after connect (and must answer pings) */
    boolean bidirectional();

    /** @return a bearer token presented at connection time (e.g. {@code Authorization} header), if any */
    Optional<String> handshakeToken();

    /**
     * @return the transport's name as backend proxies see it: {@code websocket}, {@code uni_websocket}, {@code sse},
     *         {@code http_stream}, {@code uni_sse}, {@code uni_http_stream}
     */
    String name();

    /**
     * @return the values of a header of the HTTP request that opened the connection (the WebSocket upgrade, the
     *         stream request), empty when absent. Case-insensitive.
     */
    List<String> header(String name);

    /**
     * @return the session id an emulation client quotes in {@code POST /emulation} (a secret distinct from the public
     *         client id), or {@code null} when the transport carries commands itself
     */
    default String emulationSession() {
        return null;
    }

    /**
     * Runs a task on the connection's own thread (its event loop), after tasks submitted before it. Must not block.
     */
    void execute(Runnable task);

    /**
     * Writes one transport message. Called on the connection's thread only.
     *
     * @param done invoked once the bytes were handed to the socket ({@code true}) or the write failed ({@code false})
     */
    void write(byte[] message, WriteCallback done);

    /**
     * Closes the connection with a disconnect code: as a close frame on WebSocket, as a {@code disconnect} push on
     * streaming transports. Called on the connection's thread only, after every queued message was written.
     */
    void close(int code, String reason);

    /** Completion of one {@link #write}. */
    @FunctionalInterface
    interface WriteCallback {
        void completed(boolean success);
    }
}
