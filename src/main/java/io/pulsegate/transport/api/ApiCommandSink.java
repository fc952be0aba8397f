package io.pulsegate.transport.api;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.pulsegate.api.ApiError;
import io.pulsegate.api.ApiRequest;
import io.pulsegate.api.ApiResult;
import io.pulsegate.consumer.CommandSink;
import io.smallrye.mutiny.Uni;

/**
 * Consumed commands run through the server API: an unreachable engine means retry (also when only some channels of a
 * broadcast failed: the whole broadcast is retried, at least once), any other error is final.
 */
@ApplicationScoped
public class ApiCommandSink implements CommandSink {

    @Inject
    ApiService api;

    @Override
    public Uni<Void> apply(ApiRequest request) {
        return api.execute(request).onFailure().transform(ApiCommandSink::classify).chain(result -> partialOutage(
                result)
                        ? Uni.createFrom().<Void>failure(new CommandSink.Unavailable("engine unavailable"))
                        : Uni.createFrom().voidItem());
    }

    private static Throwable classify(Throwable failure) {
        ApiFailure f = ApiFailure.fromEngine(failure);
        return f.httpStatus() == 503
                ? new CommandSink.Unavailable("engine unavailable")
                : new CommandSink.Rejected("error " + f.error().code() + " " + f.error().message());
    }

    private static boolean partialOutage(ApiResult result) {
        return result instanceof ApiResult.BroadcastResult b
                && b.responses().stream().anyMatch(r -> ApiError.INTERNAL.equals(r.error()));
    }
}
