package io.pulsegate.transport.websocket.guard;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.vertx.ext.web.Router;

/**
 * websockets-next only treats a request as an upgrade if it carries {@code Sec-WebSocket-Key}; without it the
 * request falls through the router and ends as 404 (and Hixie-76 handshakes, which use Key1/Key2, too). RFC 6455
 * section 4.2.1 wants 400 for a malformed handshake, so a last route answers WebSocket upgrade requests without a key
 * with 400. Everything else passes on untouched.
 */
@ApplicationScoped
public class UnhandledUpgradeRoute {

    void install(@Observes Router router) {
        router.route().last().handler(ctx -> {
            String upgrade = ctx.request().getHeader("Upgrade");
            if (isUpgrade(upgrade) && ctx.request().getHeader("Sec-WebSocket-Key") == null) {
                ctx.response().setStatusCode(400).end();
            } else {
                ctx.next();
            }
        });
    }

    private static boolean isUpgrade(String upgradeHeader) {
        return "websocket".equalsIgnoreCase(upgradeHeader);
    }
}
