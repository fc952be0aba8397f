package io.pulsegate.transport.dev;

import java.util.List;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;

import io.pulsegate.auth.DevTokens;
import io.pulsegate.config.PulsegateConfig;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /dev/token?user=<name>[&channel=<channel>]}: an HS256 connection token for the demo page, valid one hour,
 * listing the channel as a server-side subscription (so a plain EventSource gets it). Registered only with
 * {@code pulsegate.dev.token-endpoint=true} and an HMAC secret: it lets anyone act as any user.
 */
@ApplicationScoped
public class DevTokenRoute {

    private static final Logger LOG = Logger.getLogger(DevTokenRoute.class);
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.:@-]{1,64}");

    @Inject
    PulsegateConfig config;

    void register(@Observes Router router) {
        if (!config.dev().tokenEndpoint()) {
            return;
        }
        if (config.token().hmacSecret().isEmpty()) {
            LOG.warn("pulsegate.dev.token-endpoint=true needs pulsegate.token.hmac-secret; endpoint not served");
            return;
        }
        LOG.warn("pulsegate.dev.token-endpoint=true: GET /dev/token mints tokens for anyone. Never in production");
        router.get("/dev/token").handler(this::token);
    }

    private void token(RoutingContext rc) {
        String user = rc.request().getParam("user", "guest");
        String channel = rc.request().getParam("channel");
        if (!NAME.matcher(user).matches() || (channel != null && !NAME.matcher(channel).matches())) {
            rc.response().setStatusCode(400).end();
            return;
        }
        JwtClaims claims = new JwtClaims();
        claims.setSubject(user);
        claims.setIssuedAt(NumericDate.now());
        claims.setExpirationTimeMinutesInTheFuture(60);
        if (channel != null) {
            claims.setClaim("channels", List.of(channel));
        }
        String token = DevTokens.hs256(config.token().hmacSecret().get(), claims);
        rc.response().putHeader("Content-Type", "application/json").putHeader("Cache-Control", "no-store")
                .end("{\"token\":\"" + token + "\"}");
    }
}
