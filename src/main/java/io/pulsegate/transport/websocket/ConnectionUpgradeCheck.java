package io.pulsegate.transport.websocket;

import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.pulsegate.auth.OriginPolicy;
import io.pulsegate.metrics.GatewayMetrics;
import io.pulsegate.node.Node;
import io.pulsegate.transport.RepeatedHeaders;
import io.pulsegate.transport.SampledLog;
import io.quarkus.websockets.next.HttpUpgradeCheck;
import io.smallrye.mutiny.Uni;

/**
 * Runs before every WebSocket upgrade, so a refused request never gets a socket: a draining node answers 503 with
 * {@code Retry-After}; a request repeating {@code Origin}, {@code Host}, {@code Authorization} or
 * {@code Sec-WebSocket-Key} answers 403 ({@link RepeatedHeaders}); a browser origin outside the allowlist answers 403 (the browser does not apply CORS to
 * WebSockets, so this is the cross-site WebSocket hijacking defence). Logs one sampled line per reason.
 */
@ApplicationScoped
public class ConnectionUpgradeCheck implements HttpUpgradeCheck {

    private static final Logger LOG = Logger.getLogger(ConnectionUpgradeCheck.class);
    private static final SampledLog SAMPLED = new SampledLog(LOG, 10_000);

    private final OriginPolicy origins;
    private final Node node;
    private final GatewayMetrics metrics;

    @Inject
    public ConnectionUpgradeCheck(OriginPolicy origins, Node node, GatewayMetrics metrics) {
        this.origins = origins;
        this.node = node;
        this.metrics = metrics;
    }

    @Override
    public Uni<CheckResult> perform(HttpUpgradeContext context) {
        if (node.draining() || !node.started()) {
            metrics.limitHit("handshake_draining");
            return CheckResult.rejectUpgrade(503, Map.of("Retry-After", List.of("5")));
        }
        String repeated = RepeatedHeaders.find(context.httpRequest().headers());
        if (repeated != null) {
            metrics.limitHit("handshake_repeated_header");
            SAMPLED.info("repeated_header", "websocket upgrade refused: header " + repeated + " repeated");
            return CheckResult.rejectUpgrade(403);
        }
        String origin = context.httpRequest().getHeader("Origin");
        if (!origins.allows(origin)) {
            metrics.limitHit("handshake_origin");
            SAMPLED.info("origin", "websocket upgrade refused: origin not allowed");
            return CheckResult.rejectUpgrade(403);
        }
        return CheckResult.permitUpgrade();
    }
}
