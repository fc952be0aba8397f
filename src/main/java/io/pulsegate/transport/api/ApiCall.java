package io.pulsegate.transport.api;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.pulsegate.api.ApiError;
import io.pulsegate.api.ApiException;
import io.pulsegate.api.ApiJson;
import io.pulsegate.api.ApiRequest;
import io.smallrye.mutiny.Uni;

/**
 * One server API call from a JSON body to a JSON answer, as {@code POST /api/<method>} answers it, without the HTTP
 * framing and authentication around it: shared by {@link ApiRoutes} and the admin API. Never blocks; the Uni never
 * fails.
 */
@ApplicationScoped
public class ApiCall {

    /** An answer: HTTP status and JSON body ({@code {"result":…}}, {@code {"error":…}} or {@code {"replies":…}}). */
    public record Response(int status, byte[] body) {}

    @Inject
    ApiService service;

    private final ApiJson json = new ApiJson();

    /** Decodes, executes and encodes one call (a batch with {@code method} {@code batch}). */
    public Uni<Response> call(String method, byte[] body) {
        ApiRequest request;
        try {
            request = json.decode(method, body);
        } catch (ApiException e) {
            return Uni.createFrom().item(new Response(e.httpStatus(), json.encodeError(e.error())));
        }
        if (request instanceof ApiRequest.Batch batch) {
            return service.batch(batch).map(replies -> {
                try {
                    return new Response(200, json.encodeBatch(replies));
                } catch (ApiException e) {
                    return new Response(500, json.encodeError(ApiError.INTERNAL));
                }
            }).onFailure().recoverWithItem(f -> new Response(200, json.encodeError(ApiFailure.errorOf(f))));
        }
        return service.execute(request).map(result -> {
            try {
                return new Response(200, json.encodeResult(result));
            } catch (ApiException e) {
                return new Response(200, json.encodeError(e.error()));
            }
        }).onFailure().recoverWithItem(f -> new Response(ApiFailure.statusOf(f), json.encodeError(ApiFailure.errorOf(
                f))));
    }
}
