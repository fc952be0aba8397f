package io.pulsegate.proxy;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;

/**
 * Carries one encoded request to a backend and brings back the encoded answer: an HTTP POST or a unary gRPC call.
 * Non-blocking; callbacks run on a Vert.x event loop.
 */
interface ProxyWire {

    /**
     * @param headers HTTP headers or gRPC metadata to send
     * @param timeoutMillis how long the call may stay silent before the transport gives up on it
     * @param abandoned completes when the caller gives up (deadline): the call is reset and its connection freed
     * @return the answer body; fails with a {@link WireException} naming the failure kind
     */
    Future<byte[]> exchange(ProxyEvent event, MultiMap headers, byte[] body, long timeoutMillis,
            Future<Void> abandoned);

    /** Closes pooled connections. */
    void close();

    /** A call that produced no usable answer; the message is a short kind such as {@code status_503}. */
    final class WireException extends RuntimeException {

        WireException(String kind) {
            super(kind, null, false, false);
        }
    }
}
