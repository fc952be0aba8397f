package io.pulsegate.client;

import org.jboss.logging.Logger;

import io.pulsegate.auth.ChannelOptions;
import io.pulsegate.auth.ChannelPolicy;
import io.pulsegate.engine.HistoryQuery;
import io.pulsegate.engine.PublishOptions;
import io.pulsegate.engine.UnrecoverablePositionException;
import io.pulsegate.protocol.ClientInfo;
import io.pulsegate.protocol.ErrorCode;
import io.pulsegate.protocol.Publication;
import io.pulsegate.protocol.Request;
import io.pulsegate.protocol.Result;
import io.pulsegate.proxy.ProxyEndpoint;
import io.pulsegate.proxy.ProxyEvent;
import io.pulsegate.proxy.ProxyRequest;
import io.pulsegate.proxy.ProxyResult;
import io.smallrye.mutiny.Uni;

/**
 * Channel operations that do not change subscriptions: {@code publish}, {@code presence}, {@code presence_stats} and
 * {@code history}. Each one is authorised per command. Engine failures become a temporary error 100 so SDKs retry.
 * Runs on the connection's thread.
 */
final class ChannelCommands {

    private static final Logger LOG = Logger.getLogger(ChannelCommands.class);

    private final ClientSession session;
    private final MapWrites maps;

    ChannelCommands(ClientSession session) {
        this.session = session;
        this.maps = new MapWrites(session);
    }

    Uni<Void> publish(long id, Request.Publish request) {
        if (request.isMap()) {
            return maps.publish(id, request);
        }
        ChannelPolicy.Resolution resolution = session.ctx.policy().resolve(request.channel());
        if (resolution.error() != null) {
            return session.replyError(id, resolution.error());
        }
        if (resolution.options().isMap()) {
            LOG.debugf("stream publish into a map channel client=%s channel=%s", session.id, request.channel());
            return session.replyError(id, ErrorCode.BAD_REQUEST);
        }
        if (request.data() == null) {
            return session.replyError(id, ErrorCode.BAD_REQUEST);
        }
        ChannelOptions options = resolution.options();
        ProxyEndpoint proxy = session.ctx.proxies().named(options.proxies().publish());
        if (proxy != null) {
            // the backend decides instead of the allow-publish options, and may rewrite the publication
            return session.onConnectionThread(proxy.call(ProxyEvent.PUBLISH, session.caller(),
                    ProxyRequest.publish(request.channel(), request.data())))
                    .chain(decision -> ProxyReplies.apply(session, id, decision,
                            result -> publish(id, request, options, result)));
        }
        ErrorCode denied = session.ctx.policy().checkPublish(session.user(), options,
                session.subscriptions.containsKey(request.channel()));
        if (denied != null) {
            return session.replyError(id, denied);
        }
        return publish(id, request, options, null);
    }

    /**
     * @param rewrite the publish proxy's result: replacement data, {@code skip_history}, tags; or {@code null}
     */
    private Uni<Void> publish(long id, Request.Publish request, ChannelOptions options, ProxyResult rewrite) {
        Subscription sub = session.subscriptions.get(request.channel());
        ClientInfo info = session.clientInfo();
        if (sub != null && sub.chanInfo != null) {
            info = info.withChanInfo(sub.chanInfo);
        }
        byte[] data = rewrite != null && rewrite.data() != null ? rewrite.data() : request.data();
        PublishOptions keep = rewrite == null
                ? options.publishOptions(false, false)
                : options.publishOptions(rewrite.skipHistory(), rewrite.delta())
                        .withIdempotencyKey(rewrite.idempotencyKey());
        Publication publication = new Publication(data, info, 0, tags(request.tags(),
                rewrite == null ? null : rewrite.tags()));
        return session.ctx.broker().publish(request.channel(), publication, keep)
                .onItemOrFailure().transformToUni((position, failure) -> failure == null
                        ? session.reply(id, new Result.Publish())
                        : engineFailure(id, "publish", failure));
    }

    /** @return the protocol's tags, those of the publish proxy over them */
    private static java.util.Map<String, String> tags(java.util.Map<String, String> own,
            java.util.Map<String, String> rewritten) {
        if (own == null || rewritten == null) {
            return own == null ? rewritten : own;
        }
        java.util.Map<String, String> merged = new java.util.HashMap<>(own);
        merged.putAll(rewritten);
        return merged;
    }

    Uni<Void> presence(long id, String channel) {
        ErrorCode denied = check(channel, Kind.PRESENCE);
        if (denied != null) {
            return session.replyError(id, denied);
        }
        return session.ctx.presence().presence(channel).onItemOrFailure().transformToUni((p, failure) -> failure == null
                ? session.reply(id, new Result.Presence(p))
                : engineFailure(id, "presence", failure));
    }

    Uni<Void> presenceStats(long id, String channel) {
        ErrorCode denied = check(channel, Kind.PRESENCE);
        if (denied != null) {
            return session.replyError(id, denied);
        }
        return session.ctx.presence().stats(channel).onItemOrFailure().transformToUni((s, failure) -> failure == null
                ? session.reply(id, new Result.PresenceStats(s.numClients(), s.numUsers()))
                : engineFailure(id, "presence_stats", failure));
    }

    Uni<Void> history(long id, Request.History request) {
        ErrorCode denied = check(request.channel(), Kind.HISTORY);
        if (denied != null) {
            return session.replyError(id, denied);
        }
        int max = session.config.historyMaxPublicationLimit();
        int limit = request.limit() < 0 || request.limit() > max ? max : request.limit();
        HistoryQuery query = new HistoryQuery(request.since(), limit, request.reverse());
        return session.ctx.broker().history(request.channel(), query).onItemOrFailure().transformToUni((h, failure) -> {
            if (failure instanceof UnrecoverablePositionException) {
                return session.replyError(id, ErrorCode.UNRECOVERABLE_POSITION);
            }
            if (failure != null) {
                return engineFailure(id, "history", failure);
            }
            return session.reply(id, new Result.History(h.publications().isEmpty() ? null : h.publications(),
                    h.top().epoch(), h.top().offset()));
        });
    }

    private enum Kind {
        PRESENCE, HISTORY
    }

    private ErrorCode check(String channel, Kind kind) {
        ChannelPolicy.Resolution resolution = session.ctx.policy().resolve(channel);
        if (resolution.error() != null) {
            return resolution.error();
        }
        boolean subscribed = session.subscriptions.containsKey(channel);
        ChannelPolicy policy = session.ctx.policy();
        return kind == Kind.PRESENCE
                ? policy.checkPresence(session.user(), resolution.options(), subscribed)
                : policy.checkHistory(session.user(), resolution.options(), subscribed);
    }

    private Uni<Void> engineFailure(long id, String what, Throwable failure) {
        LOG.warnf("%s failed client=%s: %s", what, session.id, failure.toString());
        return session.replyError(id, ClientSession.TEMPORARY_INTERNAL);
    }
}
