package io.pulsegate.transport.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.pulsegate.config.ApiConfig;
import io.pulsegate.config.PulsegateConfig;
import io.pulsegate.transport.SampledLog;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * HTTP adapter of the server API: {@code POST /api/<method>} with a JSON body, authenticated by
 * {@code X-API-Key: <key>} or {@code Authorization: apikey <key>}. Answers {@code {"result":…}} or
 * {@code {"error":…}} with 200, 400 for a malformed body, 401 (empty body) without a valid key. Runs on the event
 * loop; nothing blocks.
 */
@ApplicationScoped
public class ApiRoutes {

    private static final Logger LOG = Logger.getLogger(ApiRoutes.class);
    private static final SampledLog SAMPLED = new SampledLog(LOG, 10_000);
    private static final String JSON = "application/json";

    @Inject
    PulsegateConfig config;
    @Inject
    ApiCall call;

    void register(@Observes Router router) {
        ApiConfig api = config.api();
        if (api.key().isEmpty() && !api.insecure()) {
            LOG.info("server API answers 401: set pulsegate.api.key to enable it");
        }
        router.post("/api/:method").handler(BodyHandler.create(false).setBodyLimit(api.maxBodySize()))
                .handler(this::handle);
    }

    private void handle(RoutingContext rc) {
        if (!authorised(rc)) {
            SAMPLED.info("api_key", "server API request refused: missing or invalid API key");
            rc.response().setStatusCode(401).end();
            return;
        }
        byte[] body = rc.body() == null || rc.body().buffer() == null ? new byte[0] : rc.body().buffer().getBytes();
        call.call(rc.pathParam("method"), body).subscribe().with(r -> respond(rc, r.status(), r.body()));
    }

    private boolean authorised(RoutingContext rc) {
        ApiConfig api = config.api();
        if (api.insecure()) {
            return true;
        }
        Optional<String> key = api.key();
        if (key.isEmpty() || key.get().isEmpty()) {
            return false;
        }
        String presented = rc.request().getHeader("X-API-Key");
        if (presented == null) {
            String authorization = rc.request().getHeader("Authorization");
            if (authorization != null && authorization.regionMatches(true, 0, "apikey ", 0, 7)) {
                presented = authorization.substring(7).trim();
            }
        }
        return presented != null && MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8),
                key.get().getBytes(StandardCharsets.UTF_8));
    }

    private static void respond(RoutingContext rc, int status, byte[] body) {
        if (rc.response().ended()) {
            return;
        }
        rc.response().setStatusCode(status).putHeader("Content-Type", JSON).end(Buffer.buffer(body));
    }
}
