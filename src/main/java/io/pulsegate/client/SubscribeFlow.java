package io.pulsegate.client;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;

import org.jboss.logging.Logger;

import io.pulsegate.auth.ChannelOptions;
import io.pulsegate.auth.ChannelOverride;
import io.pulsegate.auth.ChannelPolicy;
import io.pulsegate.auth.SubClaim;
import io.pulsegate.auth.SubscriptionClaims;
import io.pulsegate.auth.TokenException;
import io.pulsegate.protocol.ClientInfo;
import io.pulsegate.protocol.DisconnectCode;
import io.pulsegate.protocol.ErrorCode;
import io.pulsegate.protocol.ProtocolError;
import io.pulsegate.protocol.Push;
import io.pulsegate.protocol.PushBody;
import io.pulsegate.protocol.Reply;
import io.pulsegate.protocol.Request;
import io.pulsegate.protocol.Result;
import io.pulsegate.proxy.ProxyEndpoint;
import io.pulsegate.proxy.ProxyEvent;
import io.pulsegate.proxy.ProxyRequest;
import io.pulsegate.proxy.ProxyResult;
import io.smallrye.mutiny.Uni;

/**
 * Subscribe, unsubscribe and subscription-token refresh for one session, client-side and server-side. The order of a
 * subscribe is what makes "reply before publications" and recovery hold: register with the hub first (publications
 * start being buffered), then read the stream position or the missed publications, then queue the reply, then release
 * the buffer without duplicates. Runs on the connection's thread.
 */
final class SubscribeFlow {

    private static final Logger LOG = Logger.getLogger(SubscribeFlow.class);

    /** A subscription request after authorisation, before it touches the hub. */
    record Plan(String channel, ChannelOptions options, Request.Subscribe hints, byte[] chanInfo, byte[] data,
            ChannelOverride override, long expireAt, boolean serverSide) {}

    private final ClientSession session;
    private final RecoveryReader reader;
    private final SubscriptionRefresh refresh;
    private final MapSubscribeFlow maps;

    SubscribeFlow(ClientSession session) {
        this.session = session;
        this.reader = new RecoveryReader(session);
        this.refresh = new SubscriptionRefresh(session, this);
        this.maps = new MapSubscribeFlow(session, this);
    }

    /** The one delta encoding (Centrifugo's {@code fossil}). */
    static final String FOSSIL = "fossil";

    /** Map presence and shared-poll subscriptions are not implemented: refuse them instead of serving a stream. */
    static final ProtocolError TYPE_NOT_AVAILABLE = new ProtocolError(ErrorCode.NOT_AVAILABLE.code(),
            "subscription type not available", false);

    /** A subscription type the channel's namespace is not configured for (Centrifugo answers 103 too). */
    static final ProtocolError TYPE_NOT_ALLOWED = new ProtocolError(ErrorCode.PERMISSION_DENIED.code(),
            "subscription type not allowed in this namespace", false);

    Uni<Void> subscribe(long id, Request.Subscribe request) {
        String channel = request.channel();
        boolean map = request.type() == Request.Subscribe.TYPE_MAP;
        if (map && maps.paginating(channel)) {
            return maps.next(id, request);
        }
        if (map && !MapSubscribeFlow.opensSubscription(request)) {
            LOG.debugf("map page without a subscription client=%s channel=%s", session.id, channel);
            return session.replyError(id, ErrorCode.PERMISSION_DENIED);
        }
        if (!map && request.type() != Request.Subscribe.TYPE_STREAM) {
            LOG.debugf("unsupported subscription type client=%s channel=%s type=%d", session.id, channel,
                    request.type());
            return session.replyError(id, TYPE_NOT_AVAILABLE);
        }
        if (!request.delta().isEmpty() && !FOSSIL.equals(request.delta())) {
            LOG.debugf("unknown delta type client=%s channel=%s delta=%s", session.id, channel, request.delta());
            session.disconnect(DisconnectCode.BAD_REQUEST);
            return ClientSession.done();
        }
        if (session.subscriptions.containsKey(channel)) {
            return session.replyError(id, ErrorCode.ALREADY_SUBSCRIBED);
        }
        if (session.subscriptions.size() + maps.paginations() >= session.config.channelLimit()) {
            session.ctx.metrics().limitHit("channels");
            return session.replyError(id, ErrorCode.LIMIT_EXCEEDED);
        }
        ChannelPolicy.Resolution resolution = session.ctx.policy().resolve(channel);
        if (resolution.error() != null) {
            return session.replyError(id, resolution.error());
        }
        ChannelOptions options = resolution.options();
        if (options.isMap() != map) {
            return session.replyError(id, TYPE_NOT_ALLOWED);
        }
        if (request.token() == null || request.token().isEmpty()) {
            if (session.ctx.policy().subscribeByProxy(channel, options)) {
                return subscribeByProxy(id, request, options);
            }
            ErrorCode denied = session.ctx.policy().checkSubscribeWithoutToken(session.user(), channel, options);
            if (denied != null) {
                return session.replyError(id, denied);
            }
            return run(id, new Plan(channel, options, request, null, null, null, 0, false));
        }
        if (session.ctx.tokens() == null) {
            return session.replyError(id, ErrorCode.PERMISSION_DENIED);
        }
        return session.onConnectionThread(session.ctx.tokens().verifySubscription(request.token()))
                .onItemOrFailure().transformToUni((claims, failure) -> {
                    if (failure != null) {
                        return session.replyError(id, isExpired(failure)
                                ? ErrorCode.TOKEN_EXPIRED
                                : ErrorCode.PERMISSION_DENIED);
                    }
                    if (!matches(claims, channel)) {
                        session.disconnect(DisconnectCode.INVALID_TOKEN);
                        return ClientSession.done();
                    }
                    return run(id, new Plan(channel, options, request, claims.info(), claims.data(), claims.override(),
                            claims.expireAt(), false));
                });
    }

    /** The namespace's subscribe proxy decides, and may add channel info, subscribe data, an expiry, overrides. */
    private Uni<Void> subscribeByProxy(long id, Request.Subscribe request, ChannelOptions options) {
        ProxyEndpoint proxy = session.ctx.proxies().named(options.proxies().subscribe());
        ProxyRequest call = ProxyRequest.subscribe(request.channel(), "", request.data());
        return session.onConnectionThread(proxy.call(ProxyEvent.SUBSCRIBE, session.caller(), call))
                .chain(decision -> ProxyReplies.apply(session, id, decision, result -> {
                    ProxyResult r = result == null ? ProxyResult.EMPTY : result;
                    return run(id, new Plan(request.channel(), options, request, r.info(), r.data(), r.override(),
                            r.expireAt(), false));
                }));
    }

    private Uni<Void> run(long id, Plan plan) {
        if (plan.options().isMap()) {
            return maps.start(id, plan);
        }
        return establish(plan).invoke(outcome -> {
            if (outcome.error() == ErrorCode.INTERNAL) {
                session.replyError(id, ClientSession.TEMPORARY_INTERNAL);
                return;
            } else if (outcome.error() != null) {
                session.replyError(id, outcome.error());
                return;
            }
            session.reply(id, outcome.result());
            activate(outcome);
        }).replaceWithVoid();
    }

    /** Server-side subscriptions made at connect: results go into the connect reply; activate after it. */
    Uni<List<Outcome>> subscribeServerSide(Map<String, SubClaim> channels, Map<String, Request.Subscribe> hints) {
        Uni<List<Outcome>> chain = Uni.createFrom().item(new ArrayList<>());
        for (Map.Entry<String, SubClaim> entry : channels.entrySet()) {
            String channel = entry.getKey();
            ChannelPolicy.Resolution resolution = session.ctx.policy().resolve(channel);
            if (resolution.error() != null) {
                LOG.infof("skipping server-side channel client=%s channel=%s error=%d", session.id, channel,
                        resolution.error().code());
                continue;
            }
            if (resolution.options().isMap()) {
                LOG.infof("skipping server-side map channel client=%s channel=%s: maps are subscribed by the client",
                        session.id, channel);
                continue;
            }
            SubClaim claim = entry.getValue();
            Request.Subscribe hint = hints.get(channel);
            Plan plan = new Plan(channel, resolution.options(), hint, claim.info(), claim.data(), claim.override(), 0,
                    true);
            chain = chain.chain(list -> establish(plan).map(outcome -> {
                if (outcome.error() == null) {
                    list.add(outcome);
                }
                return list;
            }));
        }
        return chain;
    }

    /** Server API subscribe of a live connection: a {@code subscribe} push, then publications. */
    Uni<Void> subscribeByServer(String channel) {
        if (session.subscriptions.containsKey(channel)) {
            return ClientSession.done();
        }
        ChannelPolicy.Resolution resolution = session.ctx.policy().resolve(channel);
        if (resolution.error() != null || resolution.options().isMap()) {
            return ClientSession.done();
        }
        return establish(new Plan(channel, resolution.options(), null, null, null, null, 0, true)).invoke(o -> {
            if (o.error() == null) {
                Result.Subscribe r = o.result();
                session.enqueueReply(Reply.push(new Push(channel, new PushBody.Subscribe(r.recoverable(), r.epoch(),
                        r.offset(), r.positioned(), r.data()))));
                activate(o);
            }
        }).replaceWithVoid();
    }

    void activateAll(List<Outcome> outcomes) {
        outcomes.forEach(this::activate);
    }

    /** Releases buffered publications after the reply, announces the join, arms the subscription expiry. */
    private void activate(Outcome outcome) {
        activate(outcome.subscription(), outcome.activeOffset(), outcome.result().epoch());
    }

    /** Releases buffered publications after {@code offset} once the reply is queued, and the rest of activation. */
    void activate(Subscription sub, long offset, String epoch) {
        if (!sub.activate(offset, epoch, session::enqueue)) {
            session.disconnect(DisconnectCode.INSUFFICIENT_STATE);
            return;
        }
        if (sub.options.joinLeave() || sub.options.forcePushJoinLeave()) {
            fireAndForget(session.ctx.broker().publishJoin(sub.channel, info(sub)), "join");
        }
        refresh.schedule(sub);
    }

    Uni<Void> unsubscribe(long id, String channel) {
        maps.abandon(channel);
        Subscription sub = session.subscriptions.remove(channel);
        if (sub != null) {
            release(sub);
        }
        return session.reply(id, new Result.Unsubscribe());
    }

    /** Server-initiated unsubscribe with a push carrying {@code code}. */
    void unsubscribeByServer(String channel, int code, String reason) {
        Subscription sub = session.subscriptions.remove(channel);
        if (sub != null) {
            release(sub);
            session.pushUnsubscribe(channel, code, reason);
        }
    }

    Uni<Void> subRefresh(long id, Request.SubRefresh request) {
        return refresh.subRefresh(id, request);
    }

    /** Re-adds this connection's presence in every channel that keeps presence, before the entries expire. */
    void refreshPresence() {
        for (Subscription sub : session.subscriptions.values()) {
            if (sub.options.presence()) {
                fireAndForget(session.ctx.presence().add(sub.channel, info(sub), session.config.presenceTtl()),
                        "presence refresh");
            }
        }
    }

    /** Drops every subscription (connection closed). */
    void removeAll() {
        maps.abandonAll();
        for (String channel : List.copyOf(session.subscriptions.keySet())) {
            Subscription sub = session.subscriptions.remove(channel);
            if (sub != null) {
                release(sub);
            }
        }
    }

    private Uni<Outcome> establish(Plan plan) {
        Subscription sub = new Subscription(plan.channel(), plan.options(), positioned(plan), recoverable(plan),
                pushJoinLeave(plan), plan.chanInfo(), plan.serverSide(), plan.expireAt(), delta(plan));
        if (!register(sub)) {
            return Uni.createFrom().item(Outcome.failed(ErrorCode.ALREADY_SUBSCRIBED));
        }
        return join(sub)
                .chain(() -> reader.read(plan, sub))
                .onFailure().recoverWithItem(failure -> {
                    LOG.warnf("subscribe failed client=%s channel=%s: %s", session.id, plan.channel(),
                            failure.toString());
                    return Outcome.failed(ErrorCode.INTERNAL);
                })
                .invoke(outcome -> {
                    if (outcome.error() != null || session.isClosed()) {
                        discard(sub);
                    }
                });
    }

    /** @return false when the channel is subscribed already */
    boolean register(Subscription sub) {
        if (session.subscriptions.putIfAbsent(sub.channel, sub) != null) {
            return false;
        }
        session.ctx.metrics().subscriptionAdded();
        return true;
    }

    /** Joins the hub (publications buffer in {@code sub} until it is activated) and adds presence. */
    Uni<Void> join(Subscription sub) {
        Uni<Void> presence = sub.options.presence()
                ? session.ctx.presence().add(sub.channel, info(sub), session.config.presenceTtl())
                : ClientSession.done();
        return session.ctx.hub().subscribe(sub.channel, session.deliveries, sub.delta()).chain(() -> presence);
    }

    /** Undoes a subscription that did not become active. */
    void discard(Subscription sub) {
        if (session.subscriptions.remove(sub.channel, sub)) {
            release(sub);
        }
    }

    /** @return whether the namespace or the override push join/leave to this subscriber */
    boolean pushesJoinLeave(Plan plan) {
        return pushJoinLeave(plan);
    }

    private void release(Subscription sub) {
        session.ctx.hub().unsubscribe(sub.channel, session.deliveries);
        session.ctx.metrics().subscriptionRemoved();
        if (sub.options.presence()) {
            fireAndForget(session.ctx.presence().remove(sub.channel, session.id), "presence remove");
        }
        if (sub.options.joinLeave() || sub.options.forcePushJoinLeave()) {
            fireAndForget(session.ctx.broker().publishLeave(sub.channel, info(sub)), "leave");
        }
    }

    ClientInfo info(Subscription sub) {
        ClientInfo base = session.clientInfo();
        return sub.chanInfo == null ? base : base.withChanInfo(sub.chanInfo);
    }

    boolean matches(SubscriptionClaims claims, String channel) {
        return channel.equals(claims.channel()) && session.user().equals(claims.user())
                && (claims.client() == null || claims.client().isEmpty() || claims.client().equals(session.id));
    }

    static boolean isExpired(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause()
                : failure;
        return cause instanceof TokenException te && te.reason() == TokenException.Reason.EXPIRED;
    }

    private boolean recoverable(Plan plan) {
        ChannelOptions o = plan.options();
        Boolean forced = plan.override() == null ? null : plan.override().forceRecovery();
        boolean asked = plan.hints() != null && (plan.hints().recoverable() || plan.hints().recover());
        return o.historyEnabled() && (o.forceRecovery() || Boolean.TRUE.equals(forced)
                || (asked && (o.allowRecovery() || session.config.insecure())));
    }

    private boolean positioned(Plan plan) {
        ChannelOptions o = plan.options();
        Boolean forced = plan.override() == null ? null : plan.override().forcePositioning();
        boolean asked = plan.hints() != null && plan.hints().positioned();
        return recoverable(plan) || (o.historyEnabled() && (o.forcePositioning() || Boolean.TRUE.equals(forced)
                || (asked && o.allowPositioning())));
    }

    /** A delta the namespace allows was asked for (an unknown one was refused before). */
    private static boolean delta(Plan plan) {
        return plan.hints() != null && FOSSIL.equals(plan.hints().delta()) && plan.options().updates().fossilDelta();
    }

    private boolean pushJoinLeave(Plan plan) {
        ChannelOptions o = plan.options();
        Boolean forced = plan.override() == null ? null : plan.override().forcePushJoinLeave();
        boolean asked = plan.hints() != null && plan.hints().joinLeave();
        return o.forcePushJoinLeave() || Boolean.TRUE.equals(forced) || (asked && o.joinLeave());
    }

    private void fireAndForget(Uni<Void> uni, String what) {
        uni.subscribe().with(ok -> {
        }, failure -> LOG.debugf("%s failed client=%s: %s", what, session.id, failure.toString()));
    }
}
