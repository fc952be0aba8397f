package io.pulsegate.proxy;

import io.pulsegate.protocol.ErrorCode;
import io.pulsegate.protocol.ProtocolError;

/**
 * What the backend decided about one event, already validated: it allowed it (with a result), refused it with an
 * error for the client, asked to disconnect the client, or could not be asked at all.
 */
public sealed interface ProxyDecision {

    /** The temporary error 100 a client gets when the backend cannot decide; SDKs retry it with backoff. */
    ProtocolError TEMPORARY = new ProtocolError(ErrorCode.INTERNAL.code(), ErrorCode.INTERNAL.message(), true);

    /** @param result the backend's result; {@code null} when it answered neither result, error nor disconnect */
    record Allowed(ProxyResult result) implements ProxyDecision {}

    /** An error reply for the client, e.g. {@code {"code":403,"message":"permission denied"}}. */
    record Refused(ProtocolError error) implements ProxyDecision {}

    /** Close the connection with this code and reason. */
    record Disconnected(int code, String reason) implements ProxyDecision {}

    /**
     * The backend did not answer usably: timeout, connection refused, non-200 status, malformed body, or too many
     * calls in flight. Connect, subscribe, publish and rpc answer {@link #TEMPORARY}; refreshes retry later.
     *
     * @param kind short failure kind for metrics and logs ({@code timeout}, {@code status_503}, …)
     */
    record Unavailable(String kind) implements ProxyDecision {}
}
