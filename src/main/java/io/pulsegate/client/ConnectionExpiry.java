package io.pulsegate.client;

import java.util.concurrent.CompletionStage;

import io.pulsegate.protocol.DisconnectCode;
import io.pulsegate.proxy.ProxyDecision;
import io.pulsegate.proxy.ProxyEndpoint;
import io.pulsegate.proxy.ProxyEvent;
import io.pulsegate.proxy.ProxyRequest;
import io.pulsegate.proxy.ProxyResult;

/**
 * When a connection with an expiry lapses. Client-side refresh (a token refresh command is expected): closed with
 * 3005 after the expiry plus {@code expired-close-delay}. Server-side refresh (a refresh proxy is configured): at the
 * expiry the backend is asked; it extends the connection, lets it expire (3005), or cannot be reached, and the
 * connection lives on until the next attempt after {@code refresh-retry-interval}. Runs on the connection's thread.
 */
final class ConnectionExpiry {

    private final ClientSession session;
    private long timer = -1;

    ConnectionExpiry(ClientSession session) {
        this.session = session;
    }

    /** @return whether the gateway refreshes connections itself, so clients are told {@code expires:false} */
    boolean serverSide() {
        return session.ctx.proxies().refresh().isPresent();
    }

    /** (Re)arms the expiry for {@code expireAt} (Unix seconds; 0 disarms). */
    void schedule(long expireAt) {
        cancel();
        if (expireAt <= 0) {
            return;
        }
        long untilExpiry = Math.max(0, expireAt * 1000 - session.ctx.clock().millis());
        if (serverSide()) {
            timer = session.schedule(untilExpiry, this::askBackend);
            return;
        }
        timer = session.schedule(untilExpiry + session.config.expiredCloseDelay().toMillis(), () -> {
            long current = session.expireAt();
            if (current > 0 && current <= session.ctx.nowSeconds()) {
                session.disconnect(DisconnectCode.EXPIRED);
            }
        });
    }

    void cancel() {
        session.cancel(timer);
        timer = -1;
    }

    private void askBackend() {
        if (session.state().isActive()) {
            session.onConnectionThread(refresh()).subscribe().with(this::apply, session::internal);
        }
    }

    /** Asks the refresh proxy; also answers a client's {@code refresh} command when one is configured. */
    CompletionStage<ProxyDecision> refresh() {
        ProxyEndpoint proxy = session.ctx.proxies().refresh().orElseThrow();
        return proxy.call(ProxyEvent.REFRESH, session.caller(), ProxyRequest.refresh());
    }

    /**
     * Applies the backend's answer: a later {@code expire_at} extends the connection (with new info and meta when
     * given); {@code expired}, an expiry in the past, no result or an error let it expire (3005), as in Centrifugo.
     *
     * @return whether the connection is still alive
     */
    boolean apply(ProxyDecision decision) {
        if (decision instanceof ProxyDecision.Unavailable) {
            timer = session.schedule(session.config.proxy().refreshRetryInterval().toMillis(), this::askBackend);
            return true;
        }
        ProxyResult result = decision instanceof ProxyDecision.Allowed a ? a.result() : null;
        if (result == null || result.expired() || result.expireAt() <= session.ctx.nowSeconds()) {
            session.disconnect(DisconnectCode.EXPIRED);
            return false;
        }
        session.refreshedByBackend(result.expireAt(), result.info(), result.meta());
        return true;
    }
}
