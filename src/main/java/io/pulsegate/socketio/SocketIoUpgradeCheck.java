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
 * request is Engine.IO v4 over WebSocket ({@code EIO=4&transport=websocket}, no {@code sid}: upgrades from
 * long-polling are not supported yet); anything else is {@code 400}, as the reference server answers. The shared
 * checks (origin, draining, repeated headers) run for this endpoint too.
 */
@ApplicationScoped
public class SocketIoUpgradeCheck implements HttpUpgradeCheck {

    private final boolean enabled;
    private final GatewayMetrics metrics;

    @Inject
    public SocketIoUpgradeCheck(PulsegateConfig config, GatewayMetrics metrics) {
        this.enabled = config.socketio().enabled();
        this.metrics = metrics;
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
        if (!"4".equals(request.getParam("EIO")) || !"websocket".equals(request.getParam("transport"))
                || request.getParam("sid") != null) {
            metrics.limitHit("socketio_bad_handshake");
            return CheckResult.rejectUpgrade(400);
        }
        return CheckResult.permitUpgrade();
    }
}
