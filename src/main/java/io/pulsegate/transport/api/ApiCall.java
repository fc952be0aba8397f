package io.pulsegate.transport.api;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import io.pulsegate.api.ApiError;
import io.pulsegate.api.ApiException;
import io.pulsegate.api.ApiJson;
import io.pulsegate.api.ApiRequest;
import io.smallrye.mutiny.Uni;

/**
 * One server API call from a JSON body to a JSON answer, as {@code POST /api/<method>} answers it, without the HTTP
 * framing and authentication around it: shared by {@link ApiRoutes} and the admin API. Each call is a span
 * ({@link ApiObserver}); an error answer is counted and logged once with its trace id. Never blocks; the Uni never
 * fails.
 */
@ApplicationScoped
public class ApiCall {

    /** An answer: HTTP status and JSON body ({@code {"result":…}}, {@code {"error":…}} or {@code {"replies":…}}). */
    public record Response(int status, byte[] body) {}

    @Inject
    ApiService service;
    @Inject
    ApiObserver observer;

    private final ApiJson json = new ApiJson();

    /** Decodes, executes and encodes one call (a batch with {@code method} {@code batch}). */
    public Uni<Response> call(String method, byte[] body) {
        Span span = observer.start();
        ApiRequest request;
        try {
            request = json.decode(method, body);
        } catch (ApiException e) {
            observer.failed(span, ApiError.METHOD_NOT_FOUND.equals(e.error()) ? null : method, e.error());
            return Uni.createFrom().item(new Response(e.httpStatus(), json.encodeError(e.error())));
        }
        observer.describe(span, request);
        try (Scope ignored = span.makeCurrent()) { // proxy calls made by the request become its children
            return request instanceof ApiRequest.Batch batch ? batch(span, batch) : single(span, request);
        }
    }

    private Uni<Response> single(Span span, ApiRequest request) {
        return service.execute(request).map(result -> {
            try {
                byte[] encoded = json.encodeResult(result);
                observer.ok(span);
                return new Response(200, encoded);
            } catch (ApiException e) {
                observer.failed(span, request.method(), e.error());
                return new Response(200, json.encodeError(e.error()));
            }
        }).onFailure().recoverWithItem(f -> {
            observer.failed(span, request.method(), ApiFailure.errorOf(f));
            return new Response(ApiFailure.statusOf(f), json.encodeError(ApiFailure.errorOf(f)));
        });
    }

    private Uni<Response> batch(Span span, ApiRequest.Batch batch) {
        return service.batch(batch).map(replies -> {
            try {
                byte[] encoded = json.encodeBatch(replies);
                observer.ok(span);
                return new Response(200, encoded);
            } catch (ApiException e) {
                observer.failed(span, batch.method(), ApiError.INTERNAL);
                return new Response(500, json.encodeError(ApiError.INTERNAL));
            }
        }).onFailure().recoverWithItem(f -> {
            observer.failed(span, batch.method(), ApiFailure.errorOf(f));
            return new Response(200, json.encodeError(ApiFailure.errorOf(f)));
        });
    }
}
