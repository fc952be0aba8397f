package io.pulsegate.transport.api;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.pulsegate.api.ApiError;
import io.pulsegate.api.ApiReply;
import io.pulsegate.api.ApiRequest;
import io.pulsegate.api.ApiResult;
import io.pulsegate.auth.ChannelOptions;
import io.pulsegate.auth.ChannelPolicy;
import io.pulsegate.engine.HistoryQuery;
import io.pulsegate.engine.PublishOptions;
import io.pulsegate.engine.UnrecoverablePositionException;
import io.pulsegate.node.Node;
import io.pulsegate.protocol.DisconnectCode;
import io.pulsegate.protocol.Publication;
import io.pulsegate.proxy.Caller;
import io.pulsegate.proxy.ProxyDecision;
import io.pulsegate.proxy.ProxyEvent;
import io.pulsegate.proxy.ProxyRequest;
import io.pulsegate.proxy.RpcRoute;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * Executes server API requests against this node. Transport-free: {@link ApiRoutes} decodes and encodes. Engine
 * failures become error 100; nothing here blocks.
 */
@ApplicationScoped
public class ApiService {

    /** Server API calls reach proxies as a connection without id and user. */
    private static final Caller API_CALLER = new Caller("", "api", "json", "", null, Caller.Headers.NONE);

    @Inject
    Node node;
    @Inject
    ApiObserver observer;

    private volatile MapApi maps;

    /** Runs one request; the Uni fails only with {@link ApiFailure}. */
    public Uni<ApiResult> execute(ApiRequest request) {
        if (request instanceof ApiRequest.Publish r) {
            return publish(r.channel(), r.data(), r.tags(), r.skipHistory(), r.delta(), r.idempotencyKey());
        } else if (request instanceof ApiRequest.Broadcast r) {
            return broadcast(r);
        } else if (request instanceof ApiRequest.Subscribe r) {
            return control(node.control().subscribe(r.user(), r.client(), r.channel()));
        } else if (request instanceof ApiRequest.Unsubscribe r) {
            return control(node.control().unsubscribe(r.user(), r.client(), r.channel()));
        } else if (request instanceof ApiRequest.Disconnect r) {
            return disconnect(r);
        } else if (request instanceof ApiRequest.Refresh r) {
            return refresh(r);
        } else if (request instanceof ApiRequest.Presence r) {
            return withPresence(r.channel()).chain(() -> node.presence().presence(r.channel()))
                    .map(p -> (ApiResult) new ApiResult.PresenceResult(p));
        } else if (request instanceof ApiRequest.PresenceStats r) {
            return withPresence(r.channel()).chain(() -> node.presence().stats(r.channel()))
                    .map(s -> (ApiResult) new ApiResult.PresenceStatsResult(s.numClients(), s.numUsers()));
        } else if (request instanceof ApiRequest.History r) {
            return history(r);
        } else if (request instanceof ApiRequest.HistoryRemove r) {
            return withHistory(r.channel()).chain(() -> node.broker().removeHistory(r.channel()))
                    .map(v -> (ApiResult) new ApiResult.Empty());
        } else if (request instanceof ApiRequest.Channels r) {
            return Uni.createFrom().item(channels(r.pattern()));
        } else if (request instanceof ApiRequest.Info) {
            return Uni.createFrom().item(info());
        } else if (request instanceof ApiRequest.Rpc r) {
            return rpc(r);
        } else if (request instanceof ApiRequest.MapRequest r) {
            return maps().execute(r);
        }
        return Uni.createFrom().failure(new ApiFailure(ApiError.METHOD_NOT_FOUND));
    }

    /**
     * Runs batch commands in order; each gets its own reply. Concatenated, not nested: a chain of one {@code Uni} per
     * command recursed once per command that completed at once, and a batch of a few hundred overflowed the stack.
     */
    public Uni<List<ApiReply>> batch(ApiRequest.Batch batch) {
        Context parent = Context.current();
        return Multi.createFrom().iterable(batch.commands())
                .onItem().transformToUniAndConcatenate(command -> reply(parent, command))
                .collect().asList();
    }

    /** One command of a batch, with a span of its own (a child of the batch's span). */
    private Uni<ApiReply> reply(Context parent, ApiRequest command) {
        if (command instanceof ApiRequest.Rejected r) {
            return Uni.createFrom().item(ApiReply.failed(r.error()));
        }
        Span span = observer.start(parent, command);
        Uni<ApiResult> executed;
        try (Scope ignored = span.makeCurrent()) {
            executed = execute(command);
        }
        return executed.map(result -> {
            observer.ok(span);
            return ApiReply.ok(command.method(), result);
        }).onFailure().recoverWithItem(f -> {
            observer.failed(span, command.method(), ApiFailure.errorOf(f));
            return ApiReply.failed(ApiFailure.errorOf(f));
        });
    }

    /** A publication with the publisher's keep, delta and idempotency choices (an empty key: none). */
    private Uni<ApiResult> publish(String channel, byte[] data, Map<String, String> tags, boolean skipHistory,
            boolean delta, String idempotencyKey) {
        ChannelOptions options;
        try {
            options = resolve(channel);
        } catch (ApiFailure failure) {
            return Uni.createFrom().failure(failure);
        }
        PublishOptions publishOptions = options.publishOptions(skipHistory, delta).withIdempotencyKey(idempotencyKey);
        return node.broker().publish(channel, new Publication(data, null, 0, tags), publishOptions)
                .map(position -> (ApiResult) (position == null
                        ? new ApiResult.PublishResult(0, "")
                        : new ApiResult.PublishResult(position.offset(), position.epoch())))
                .onFailure().transform(ApiFailure::fromEngine);
    }

    private Uni<ApiResult> broadcast(ApiRequest.Broadcast r) {
        return Multi.createFrom().iterable(r.channels())
                .onItem().transformToUniAndConcatenate(channel -> publish(channel, r.data(), r.tags(), r.skipHistory(),
                        r.delta(), r.idempotencyKey())
                        .map(res -> ApiResult.BroadcastResponse.ok((ApiResult.PublishResult) res))
                        .onFailure().recoverWithItem(f -> ApiResult.BroadcastResponse.failed(ApiFailure.errorOf(f))))
                .collect().asList().map(ApiResult.BroadcastResult::new);
    }

    private Uni<ApiResult> disconnect(ApiRequest.Disconnect r) {
        int code = r.disconnect() == null ? DisconnectCode.FORCE_DISCONNECT.code() : r.disconnect().code();
        String reason = r.disconnect() == null ? DisconnectCode.FORCE_DISCONNECT.reason() : r.disconnect().reason();
        List<String> whitelist = r.whitelist() == null ? List.of() : r.whitelist();
        return control(node.control().disconnect(r.user(), r.client(), code, reason, whitelist));
    }

    private Uni<ApiResult> refresh(ApiRequest.Refresh r) {
        return control(node.control().refresh(r.user(), r.client(), r.expired(), r.expireAt()));
    }

    /** A node-to-node operation: done once every node was told (the engine delivered the control message). */
    private static Uni<ApiResult> control(Uni<Void> sent) {
        return sent.map(v -> (ApiResult) new ApiResult.Empty()).onFailure().transform(ApiFailure::fromEngine);
    }

    private Uni<ApiResult> history(ApiRequest.History r) {
        int limit = r.limit();
        HistoryQuery query = new HistoryQuery(r.since(), limit, r.reverse());
        return withHistory(r.channel()).chain(() -> node.broker().history(r.channel(), query))
                .map(h -> (ApiResult) new ApiResult.HistoryResult(h.publications(), h.top().epoch(), h.top()
                        .offset()))
                .onFailure(UnrecoverablePositionException.class)
                .transform(f -> new ApiFailure(ApiError.UNRECOVERABLE_POSITION));
    }

    /** Passes the call to the method's RPC proxy; the backend's error becomes the API error. */
    private Uni<ApiResult> rpc(ApiRequest.Rpc r) {
        RpcRoute route = node.proxies().rpc(r.rpcMethod());
        if (route.endpoint() == null) {
            return Uni.createFrom().failure(new ApiFailure(ApiError.of(route.error())));
        }
        return Uni.createFrom().completionStage(route.endpoint().call(ProxyEvent.RPC, API_CALLER,
                ProxyRequest.rpc(r.rpcMethod(), r.params()))).chain(decision -> {
                    if (decision instanceof ProxyDecision.Allowed a) {
                        return Uni.createFrom().item(new ApiResult.RpcResult(a.result() == null
                                ? null
                                : a.result().data()));
                    }
                    return Uni.createFrom().failure(new ApiFailure(decision instanceof ProxyDecision.Refused refused
                            ? new ApiError(refused.error().code(), refused.error().message())
                            : ApiError.INTERNAL));
                });
    }

    private ApiResult channels(String pattern) {
        ChannelGlob glob = pattern == null || pattern.isEmpty() ? null : new ChannelGlob(pattern);
        Map<String, Long> channels = node.hub().channelSizes().entrySet().stream()
                .filter(e -> glob == null || glob.matches(e.getKey()))
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().longValue(), (a, b) -> a,
                        java.util.TreeMap::new));
        return new ApiResult.ChannelsResult(channels);
    }

    private ApiResult info() {
        return new ApiResult.InfoResult(node.control().nodes().stream()
                .map(n -> new ApiResult.NodeInfo(n.id(), n.name(), n.version(), n.numClients(), n.numUsers(),
                        n.numChannels(), n.numSubs(), n.uptime()))
                .toList());
    }

    /** Created on first use: the node's policy and map store exist only once it started. */
    private MapApi maps() {
        MapApi m = maps;
        if (m == null) {
            m = new MapApi(node.policy(), node.maps());
            maps = m;
        }
        return m;
    }

    private Uni<Void> withPresence(String channel) {
        return check(channel, o -> o.presence());
    }

    private Uni<Void> withHistory(String channel) {
        return check(channel, ChannelOptions::historyEnabled);
    }

    private Uni<Void> check(String channel, java.util.function.Predicate<ChannelOptions> enabled) {
        try {
            if (!enabled.test(resolve(channel))) {
                return Uni.createFrom().failure(new ApiFailure(ApiError.NOT_AVAILABLE));
            }
            return Uni.createFrom().voidItem();
        } catch (ApiFailure failure) {
            return Uni.createFrom().failure(failure);
        }
    }

    private ChannelOptions resolve(String channel) throws ApiFailure {
        ChannelPolicy.Resolution resolution = node.policy().resolve(channel);
        if (resolution.error() != null) {
            throw new ApiFailure(ApiError.of(resolution.error()));
        }
        return resolution.options();
    }

    private static Uni<ApiResult> empty() {
        return Uni.createFrom().item(new ApiResult.Empty());
    }
}
