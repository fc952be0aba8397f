package io.pulsegate.transport.stream;

import java.util.concurrent.ThreadLocalRandom;

import io.pulsegate.auth.OriginPolicy;
import io.pulsegate.protocol.DisconnectCode;
import io.pulsegate.transport.RepeatedHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

/**
 * HTTP conventions shared by the streaming endpoints: the origin check with CORS (exact
 * {@code Access-Control-Allow-Origin}, credentials, {@code Vary: Origin}), preflight answers, and the mapping of a
 * disconnect that happens before the stream started to an HTTP status. Browsers retry an EventSource only after a
 * 200 stream ends; 401/403/400 stop it for good, so auth failures never become reconnect storms, while overload
 * answers a 200 with a jittered {@code retry:} so the browser comes back later.
 */
final class StreamHttp {

    /** Outcome of a disconnect before the first byte. */
    enum Refusal {
        /** Stream anyway: a 200 whose only event is the disconnect push. */
        STREAM,
        /** Come back later: SSE {@code retry:} / 503 {@code Retry-After}. */
        OVERLOAD, UNAUTHORIZED, FORBIDDEN, BAD_REQUEST
    }

    private static final String METHODS = "GET, POST, OPTIONS";
    private static final String HEADERS = "Content-Type, Authorization, Last-Event-ID, Cache-Control";

    private StreamHttp() {
    }

    /**
     * Applies the origin policy and CORS response headers; refuses a request that repeats a header it may carry once
     * ({@link RepeatedHeaders}).
     *
     * @return false when the request is refused (403 already sent, no CORS headers)
     */
    static boolean admitOrigin(RoutingContext rc, OriginPolicy origins) {
        String origin = rc.request().getHeader("Origin");
        if (RepeatedHeaders.find(rc.request().headers()) != null || !origins.allows(origin)) {
            rc.response().setStatusCode(403).end();
            return false;
        }
        if (origin != null) {
            HttpServerResponse r = rc.response();
            r.putHeader("Access-Control-Allow-Origin", origin);
            r.putHeader("Access-Control-Allow-Credentials", "true");
            r.headers().add("Vary", "Origin");
        }
        return true;
    }

    /** Answers a CORS preflight: 204 with the allowed methods and headers for an allowed origin, 403 otherwise. */
    static void preflight(RoutingContext rc, OriginPolicy origins) {
        if (admitOrigin(rc, origins)) {
            rc.response().putHeader("Access-Control-Allow-Methods", METHODS)
                    .putHeader("Access-Control-Allow-Headers", HEADERS)
                    .putHeader("Access-Control-Max-Age", "600").setStatusCode(204).end();
        }
    }

    /** @return what a disconnect with {@code code} before the stream started becomes */
    static Refusal refusal(int code) {
        if (code == DisconnectCode.INVALID_TOKEN.code() || code == DisconnectCode.EXPIRED.code()) {
            return Refusal.UNAUTHORIZED;
        }
        if (code == DisconnectCode.PERMISSION_DENIED.code()) {
            return Refusal.FORBIDDEN;
        }
        if (code == DisconnectCode.BAD_REQUEST.code()) {
            return Refusal.BAD_REQUEST;
        }
        if (code == DisconnectCode.CONNECTION_LIMIT.code() || code == DisconnectCode.SHUTDOWN.code()) {
            return Refusal.OVERLOAD;
        }
        return Refusal.STREAM;
    }

    /** @return the HTTP status of a refusal other than STREAM and OVERLOAD */
    static int status(Refusal refusal) {
        return switch (refusal) {
            case UNAUTHORIZED -> 401;
            case FORBIDDEN -> 403;
            default -> 400;
        };
    }

    /** @return a retry delay between {@code baseMillis} and twice it, so refused clients do not return together */
    static long jitter(long baseMillis) {
        long base = Math.max(1000, baseMillis);
        return base + ThreadLocalRandom.current().nextLong(base + 1);
    }

    /**
     * Answers overload before any stream: SSE gets a 200 {@code retry:} line (a 503 would make EventSource give up
     * for good), other clients 503 with {@code Retry-After}.
     */
    static void overload(HttpServerResponse r, Framing framing, long retryMillis) {
        long delay = jitter(retryMillis);
        if (framing == Framing.SSE) {
            r.setStatusCode(200).putHeader("Content-Type", framing.contentType).putHeader("Cache-Control", "no-cache")
                    .end("retry: " + delay + "\n\n");
        } else {
            r.setStatusCode(503).putHeader("Retry-After", Long.toString((delay + 999) / 1000)).end();
        }
    }
}
