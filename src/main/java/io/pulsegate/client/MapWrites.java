package io.pulsegate.client;

import org.jboss.logging.Logger;

import io.pulsegate.auth.ChannelOptions;
import io.pulsegate.auth.ChannelPolicy;
import io.pulsegate.engine.map.KeyMode;
import io.pulsegate.engine.map.MapLimitException;
import io.pulsegate.engine.map.MapValue;
import io.pulsegate.engine.map.MapWriteResult;
import io.pulsegate.map.MapSettings;
import io.pulsegate.protocol.ClientInfo;
import io.pulsegate.protocol.ErrorCode;
import io.pulsegate.protocol.Request;
import io.pulsegate.protocol.Result;
import io.smallrye.mutiny.Uni;

/**
 * A client's map writes: {@code publish} with {@code type:1} sets {@code key} (centrifuge-js {@code mapPublish}) or,
 * with {@code removed}, removes it ({@code mapRemove}). Allowed by the namespace's {@code allow-publish-*} options
 * (or insecure mode); the namespace's {@code map.client-key} may replace the key by the connection's or the user's
 * id. Limits answer 106 (keys) and 107 (value size). Runs on the connection's thread.
 */
final class MapWrites {

    private static final Logger LOG = Logger.getLogger(MapWrites.class);

    private final ClientSession session;

    MapWrites(ClientSession session) {
        this.session = session;
    }

    Uni<Void> publish(long id, Request.Publish request) {
        ChannelPolicy.Resolution resolution = session.ctx.policy().resolve(request.channel());
        if (resolution.error() != null) {
            return session.replyError(id, resolution.error());
        }
        ChannelOptions options = resolution.options();
        if (!options.isMap() || request.type() != Request.Publish.TYPE_MAP) {
            LOG.debugf("map write outside a map channel client=%s channel=%s type=%d", session.id, request.channel(),
                    request.type());
            return session.replyError(id, ErrorCode.BAD_REQUEST);
        }
        ErrorCode denied = session.ctx.policy().checkPublish(session.user(), options,
                session.subscriptions.containsKey(request.channel()));
        if (denied != null) {
            return session.replyError(id, denied);
        }
        MapSettings map = options.map();
        String key = switch (map.clientKey()) {
            case NONE -> request.key();
            case CLIENT_ID -> session.id;
            case USER_ID -> session.user();
        };
        if (key.isEmpty()) {
            return session.replyError(id, map.clientKey() == io.pulsegate.config.MapConfig.ClientKey.USER_ID
                    ? ErrorCode.PERMISSION_DENIED
                    : ErrorCode.BAD_REQUEST);
        }
        if (!request.removed() && request.data() == null) {
            return session.replyError(id, ErrorCode.BAD_REQUEST);
        }
        Uni<MapWriteResult> write = request.removed()
                ? session.ctx.maps().remove(request.channel(), key, map.options())
                : session.ctx.maps().publish(request.channel(), key, new MapValue(request.data(), info(request),
                        request.tags()), KeyMode.ALWAYS, map.options());
        return write.onItemOrFailure().transformToUni((result, failure) -> {
            if (failure == null) {
                return session.reply(id, new Result.Publish());
            }
            if (failure instanceof MapLimitException limit) {
                session.ctx.metrics().limitHit("map_" + limit.limit().name().toLowerCase(java.util.Locale.ROOT));
                LOG.debugf("map write refused client=%s channel=%s: %s", session.id, request.channel(),
                        limit.getMessage());
                return session.replyError(id, limit.limit() == MapLimitException.Limit.MAX_KEYS
                        ? ErrorCode.LIMIT_EXCEEDED
                        : ErrorCode.BAD_REQUEST);
            }
            LOG.warnf("map write failed client=%s channel=%s: %s", session.id, request.channel(), failure.toString());
            return session.replyError(id, ClientSession.TEMPORARY_INTERNAL);
        });
    }

    private ClientInfo info(Request.Publish request) {
        Subscription sub = session.subscriptions.get(request.channel());
        ClientInfo info = session.clientInfo();
        return sub != null && sub.chanInfo != null ? info.withChanInfo(sub.chanInfo) : info;
    }
}
