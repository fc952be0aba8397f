package io.pulsegate.protocol;

/** The bodies a {@link Push} may carry. */
public sealed interface PushBody permits Publication, PushBody.Join, PushBody.Leave, PushBody.Unsubscribe,
        PushBody.Message, PushBody.Subscribe, PushBody.Connect, PushBody.Disconnect, PushBody.Refresh {

    /** A client joined the channel. */
    record Join(ClientInfo info) implements PushBody {}

    /** A client left the channel. */
    record Leave(ClientInfo info) implements PushBody {}

    /** The server unsubscribed this connection from the channel; codes {@code >= 2500} mean resubscribe. */
    record Unsubscribe(int code, String reason) implements PushBody {}

    /** An asynchronous message addressed to this connection. */
    record Message(byte[] data) implements PushBody {}

    /** The server subscribed this connection to a channel during the session. */
    record Subscribe(boolean recoverable, String epoch, long offset, boolean positioned, byte[] data)
            implements
                PushBody {}

    /** Connect result pushed as the first message of a unidirectional stream. */
    record Connect(Result.Connect result) implements PushBody {}

    /** The server is closing the connection (non-WebSocket transports). */
    record Disconnect(int code, String reason) implements PushBody {}

    /** The connection's expiry changed (unidirectional transports). */
    record Refresh(boolean expires, long ttl) implements PushBody {}
}
