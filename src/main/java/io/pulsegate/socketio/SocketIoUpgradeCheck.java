package io.pulsegate.socketio;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.pulsegate.config.PulsegateConfig;
import io.pulsegate.metrics.GatewayMetrics;
import io.quarkus.websockets.next.HttpUpgradeCheck;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;

/**
 * Admits a WebSocket upgrade to {@code /socket.io/} only when Socket.IO is enabled ({@code 404} otherwise) and the
 * request is Engine.IO v4 over WebSocket ({@code EIO=4&transport=websocket}), new or the upgrade of a polling
 * session of this node ({@code sid}); anything else is {@code 400}, as the reference server answers. The shared
 * checks (origin, draining, repeated headers) run for this endpoint too.
 */
@ApplicationScoped
public class SocketIoUpgradeCheck implements HttpUpgradeCheck {

    private final boolean enabled;
    private final GatewayMetrics metrics;
    private final EngineSessions sessions;

    @Inject
    public SocketIoUpgradeCheck(PulsegateConfig config, GatewayMetrics metrics, EngineSessions sessions) {
        this.enabled = config.socketio().enabled();
        this.metrics = metrics;
        this.sessions = sessions;
    }

    @Override
    public boolean appliesTo(String endpointId) {
        return SocketIoWebSocket.ENDPOINT_ID.equals(endpointId);
    }

    @Override
    public Uni<CheckResult> perform(HttpUpgradeContext context) {
        if (!enabled) {
            return CheckResult.rejectUpgrade(404);
        }
        HttpServerRequest request = context.httpRequest();
        String sid = request.getParam("sid");
        if (!"4".equals(request.getParam("EIO")) || !"websocket".equals(request.getParam("transport"))
                || sid != null && !upgradable(sid)) {
            metrics.limitHit("socketio_bad_handshake");
            return CheckResult.rejectUpgrade(400);
        }
        return CheckResult.permitUpgrade();
    }

    /** @return whether {@code sid} is a polling session of this node (the upgrade must reach its owner) */
    private boolean upgradable(String sid) {
        EngineSession engine = sessions.find(sid);
        return engine != null && engine.channel() instanceof PollingChannel;
    }
}
