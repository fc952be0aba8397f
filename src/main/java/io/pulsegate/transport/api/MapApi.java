package io.pulsegate.transport.api;

import io.pulsegate.api.ApiError;
import io.pulsegate.api.ApiRequest;
import io.pulsegate.api.ApiResult;
import io.pulsegate.auth.ChannelPolicy;
import io.pulsegate.engine.UnrecoverablePositionException;
import io.pulsegate.engine.map.KeyMode;
import io.pulsegate.engine.map.MapLimitException;
import io.pulsegate.engine.map.MapStateQuery;
import io.pulsegate.engine.map.MapStore;
import io.pulsegate.engine.map.MapValue;
import io.pulsegate.engine.map.MapWriteResult;
import io.pulsegate.map.MapSettings;
import io.pulsegate.protocol.ErrorCode;
import io.smallrye.mutiny.Uni;

/**
 * The server API methods of map channels ({@code map_publish}, {@code map_remove}, {@code map_read_state},
 * {@code map_read_stream}, {@code map_stats}, {@code map_clear}) against the engine's {@link MapStore}. Every method
 * answers 102 for an unknown namespace and 107 for a namespace that is not {@code subscription-type=map}; a full map
 * 106, an oversized value 107, a position of another epoch or no longer in the stream 112. Runs on the event loop;
 * nothing blocks. The Unis fail only with {@link ApiFailure}.
 */
final class MapApi {

    private final ChannelPolicy policy;
    private final MapStore maps;

    MapApi(ChannelPolicy policy, MapStore maps) {
        this.policy = policy;
        this.maps = maps;
    }

    Uni<ApiResult> execute(ApiRequest.MapRequest request) {
        MapSettings settings;
        try {
            settings = settings(request.channel());
        } catch (ApiFailure failure) {
            return Uni.createFrom().failure(failure);
        }
        return run(request, settings).onFailure().transform(MapApi::failure);
    }

    private Uni<ApiResult> run(ApiRequest.MapRequest request, MapSettings settings) {
        String channel = request.channel();
        if (request instanceof ApiRequest.MapPublish r) {
            MapValue value = new MapValue(r.data(), null, r.tags());
            KeyMode mode = r.keyMode() == null ? KeyMode.ALWAYS : r.keyMode();
            return maps.publish(channel, r.key(), value, mode, settings.options()).map(MapApi::written);
        } else if (request instanceof ApiRequest.MapRemove r) {
            return maps.remove(channel, r.key(), settings.options()).map(MapApi::written);
        } else if (request instanceof ApiRequest.MapReadState r) {
            return maps.readState(channel, stateQuery(r, settings), settings.options())
                    .map(p -> new ApiResult.MapStateResult(p.entries(), p.position().offset(), p.position().epoch(),
                            p.cursor()));
        } else if (request instanceof ApiRequest.MapReadStream r) {
            if (r.reverse()) {
                // The engines read the map stream forwards only (ADR 0008); a reverse read is refused, not faked.
                return Uni.createFrom().failure(new ApiFailure(ApiError.BAD_REQUEST));
            }
            return maps.readStream(channel, r.since(), limit(r.limit(), settings), settings.options())
                    .map(h -> new ApiResult.MapStreamResult(h.publications(), h.top().offset(), h.top().epoch()));
        } else if (request instanceof ApiRequest.MapStats) {
            return maps.stats(channel, settings.options()).map(s -> new ApiResult.MapStatsResult(s.numKeys()));
        } else if (request instanceof ApiRequest.MapClear) {
            return maps.clear(channel).map(v -> ApiResult.EMPTY);
        }
        return Uni.createFrom().failure(new ApiFailure(ApiError.METHOD_NOT_FOUND));
    }

    /** A single-key read goes through the engine's key filter; pages clamp a positive limit to the maximum page. */
    private static MapStateQuery stateQuery(ApiRequest.MapReadState r, MapSettings settings) {
        if (!r.key().isEmpty()) {
            return MapStateQuery.single(r.key(), r.revision());
        }
        return new MapStateQuery(r.cursor(), limit(r.limit(), settings), r.revision());
    }

    /** -1 (any negative): all; 0: the position only; positive: at most the namespace's largest page. */
    private static int limit(int requested, MapSettings settings) {
        return requested <= 0 ? requested : Math.min(requested, settings.pages().max());
    }

    private MapSettings settings(String channel) throws ApiFailure {
        ChannelPolicy.Resolution resolution = policy.resolve(channel);
        if (resolution.error() != null) {
            throw new ApiFailure(ApiError.of(resolution.error()));
        }
        if (!resolution.options().isMap()) {
            throw new ApiFailure(ApiError.BAD_REQUEST);
        }
        return resolution.options().map();
    }

    private static ApiResult written(MapWriteResult w) {
        return new ApiResult.MapWriteResult(w.position().offset(), w.position().epoch(), w.suppressed().wireName());
    }

    private static Throwable failure(Throwable f) {
        if (f instanceof MapLimitException limit) {
            return new ApiFailure(limit.limit() == MapLimitException.Limit.MAX_KEYS
                    ? ApiError.of(ErrorCode.LIMIT_EXCEEDED)
                    : ApiError.BAD_REQUEST);
        }
        if (f instanceof UnrecoverablePositionException) {
            return new ApiFailure(ApiError.UNRECOVERABLE_POSITION);
        }
        if (f instanceof IllegalArgumentException) {
            return new ApiFailure(ApiError.BAD_REQUEST); // e.g. an empty key rejected by the engine
        }
        return ApiFailure.fromEngine(f);
    }
}
