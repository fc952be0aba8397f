package io.pulsegate.client;

import java.util.function.Function;

import io.pulsegate.proxy.ProxyDecision;
import io.pulsegate.proxy.ProxyResult;
import io.smallrye.mutiny.Uni;

/**
 * How a backend's decision about a command reaches the client: an allowed command continues with the result, a
 * refused one gets the backend's error, a disconnect closes the connection, an unreachable backend answers the
 * temporary error 100 (SDKs retry with backoff). Connection thread.
 */
final class ProxyReplies {

    private ProxyReplies() {
    }

    /**
     * @param allowed continues an allowed command; gets the backend's result, which may be {@code null}
     */
    static Uni<Void> apply(ClientSession session, long id, ProxyDecision decision,
            Function<ProxyResult, Uni<Void>> allowed) {
        if (decision instanceof ProxyDecision.Allowed a) {
            return allowed.apply(a.result());
        }
        if (decision instanceof ProxyDecision.Refused r) {
            return session.replyError(id, r.error());
        }
        if (decision instanceof ProxyDecision.Disconnected d) {
            session.disconnect(d.code(), d.reason());
            return ClientSession.done();
        }
        return session.replyError(id, ProxyDecision.TEMPORARY);
    }
}
