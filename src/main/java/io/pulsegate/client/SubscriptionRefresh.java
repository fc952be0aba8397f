package io.pulsegate.client;

import java.util.concurrent.CompletionStage;

import io.pulsegate.auth.SubscriptionClaims;
import io.pulsegate.protocol.DisconnectCode;
import io.pulsegate.protocol.ErrorCode;
import io.pulsegate.protocol.ProtocolError;
import io.pulsegate.protocol.Request;
import io.pulsegate.protocol.Result;
import io.pulsegate.proxy.ProxyDecision;
import io.pulsegate.proxy.ProxyEndpoint;
import io.pulsegate.proxy.ProxyEvent;
import io.pulsegate.proxy.ProxyRequest;
import io.pulsegate.proxy.ProxyResult;
import io.smallrye.mutiny.Uni;

/**
 * Expiry of subscriptions that have one. Client-side refresh: the client sends {@code sub_refresh} with a new
 * subscription token, else the subscription ends with unsubscribe 2501 after {@code expired-sub-close-delay}.
 * Server-side refresh (the namespace has a sub_refresh proxy): at the expiry the backend is asked; it extends the
 * subscription, lets it end (2501), or cannot be reached and the subscription lives on until the next attempt. Runs on
 * the connection's thread.
 */
final class SubscriptionRefresh {

    private static final int EXPIRED = 2501;

    /** Shared-poll key tracking is not implemented: refuse it instead of reading the command as a token refresh. */
    static final ProtocolError TRACKING_NOT_AVAILABLE = new ProtocolError(ErrorCode.NOT_AVAILABLE.code(),
            "shared poll tracking not available", false);

    private final ClientSession session;
    private final SubscribeFlow flow;

    SubscriptionRefresh(ClientSession session, SubscribeFlow flow) {
        this.session = session;
        this.flow = flow;
    }

    /** @return whether the gateway refreshes this subscription itself, so the client is told {@code expires:false} */
    static boolean serverSide(ClientSession session, String subRefreshProxy) {
        return session.ctx.proxies().named(subRefreshProxy) != null;
    }

    /** The {@code sub_refresh} command: a new token, or with a sub_refresh proxy and no token, the backend decides. */
    Uni<Void> subRefresh(long id, Request.SubRefresh request) {
        if (request.isSharedPoll()) {
            return session.replyError(id, TRACKING_NOT_AVAILABLE);
        }
        Subscription sub = session.subscriptions.get(request.channel());
        if (sub == null) {
            return session.replyError(id, ErrorCode.BAD_REQUEST);
        }
        ProxyEndpoint proxy = session.ctx.proxies().named(sub.options.proxies().subRefresh());
        if (proxy != null && (request.token() == null || request.token().isEmpty())) {
            return session.onConnectionThread(ask(proxy, sub)).chain(decision -> apply(sub, decision)
                    ? session.reply(id, new Result.SubRefresh(false, 0))
                    : ClientSession.done());
        }
        if (request.token() == null || request.token().isEmpty() || session.ctx.tokens() == null) {
            return session.replyError(id, ErrorCode.BAD_REQUEST);
        }
        return session.onConnectionThread(session.ctx.tokens().verifySubscription(request.token()))
                .onItemOrFailure().transformToUni((claims, failure) -> {
                    if (failure != null && SubscribeFlow.isExpired(failure)) {
                        return session.replyError(id, ErrorCode.TOKEN_EXPIRED);
                    }
                    if (failure != null || !flow.matches(claims, request.channel())) {
                        session.disconnect(DisconnectCode.INVALID_TOKEN);
                        return ClientSession.done();
                    }
                    return refreshedByToken(id, sub, claims);
                });
    }

    private Uni<Void> refreshedByToken(long id, Subscription sub, SubscriptionClaims claims) {
        long expireAt = claims.expireAt();
        sub.expireAt(expireAt);
        schedule(sub);
        long ttl = expireAt > 0 ? Math.max(1, expireAt - session.ctx.nowSeconds()) : 0;
        return session.reply(id, new Result.SubRefresh(expireAt > 0, ttl));
    }

    /** (Re)arms the expiry of a subscription; nothing when it does not expire. */
    void schedule(Subscription sub) {
        long expireAt = sub.expireAt();
        if (expireAt <= 0) {
            return;
        }
        long untilExpiry = Math.max(0, expireAt * 1000 - session.ctx.clock().millis());
        ProxyEndpoint proxy = session.ctx.proxies().named(sub.options.proxies().subRefresh());
        if (proxy != null) {
            session.schedule(untilExpiry, () -> askBackend(proxy, sub));
            return;
        }
        session.schedule(untilExpiry + session.config.expiredSubCloseDelay().toMillis(), () -> {
            long current = sub.expireAt();
            if (current > 0 && current <= session.ctx.nowSeconds() && current(sub)) {
                flow.unsubscribeByServer(sub.channel, EXPIRED, "subscription expired");
            }
        });
    }

    private void askBackend(ProxyEndpoint proxy, Subscription sub) {
        if (current(sub) && sub.expireAt() > 0 && sub.expireAt() <= session.ctx.nowSeconds()) {
            session.onConnectionThread(ask(proxy, sub)).subscribe().with(d -> apply(sub, d), session::internal);
        }
    }

    private CompletionStage<ProxyDecision> ask(ProxyEndpoint proxy, Subscription sub) {
        return proxy.call(ProxyEvent.SUB_REFRESH, session.caller(), ProxyRequest.subRefresh(sub.channel));
    }

    /**
     * A later {@code expire_at} extends the subscription (with new channel info when given); {@code expired}, no
     * result, an error or an expiry in the past end it with 2501; an unreachable backend is asked again later.
     *
     * @return whether the subscription is still there
     */
    private boolean apply(Subscription sub, ProxyDecision decision) {
        if (!current(sub)) {
            return false;
        }
        if (decision instanceof ProxyDecision.Unavailable) {
            ProxyEndpoint proxy = session.ctx.proxies().named(sub.options.proxies().subRefresh());
            session.schedule(session.config.proxy().refreshRetryInterval().toMillis(), () -> askBackend(proxy,
                    sub));
            return true;
        }
        ProxyResult result = decision instanceof ProxyDecision.Allowed a ? a.result() : null;
        if (result == null || result.expired() || result.expireAt() <= session.ctx.nowSeconds()) {
            flow.unsubscribeByServer(sub.channel, EXPIRED, "subscription expired");
            return false;
        }
        if (result.info() != null) {
            sub.chanInfo(result.info());
        }
        sub.expireAt(result.expireAt());
        schedule(sub);
        return true;
    }

    private boolean current(Subscription sub) {
        return session.subscriptions.get(sub.channel) == sub;
    }
}
