package io.pulsegate.socketio;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.pulsegate.config.PulsegateConfig;
import io.pulsegate.node.Node;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * The Engine.IO sessions of this node by {@code sid}, so that polling requests and the WebSocket upgrade find theirs.
 * A session that ended stays findable for one ping interval, so a last poll still collects its close packet.
 */
@ApplicationScoped
public class EngineSessions {

    private final Map<String, EngineSession> sessions = new ConcurrentHashMap<>();
    private final Node node;
    private final SocketIoCodecs codecs;
    private final long pingIntervalMillis;
    private final long pingTimeoutMillis;
    private final int maxPayload;
    private final Vertx vertx;
    private final SocketIoMetrics metrics;

    @Inject
    public EngineSessions(Node node, SocketIoCodecs codecs, PulsegateConfig config, Vertx vertx,
            SocketIoMetrics metrics) {
        this.node = node;
        this.metrics = metrics;
        this.vertx = vertx;
        this.codecs = codecs;
        this.pingIntervalMillis = config.client().pingInterval().toMillis();
        this.pingTimeoutMillis = config.client().pongTimeout().toMillis();
        this.maxPayload = config.websocket().maxMessageSize();
    }

    /** Opens a session on {@code channel}, its client session included. Call on the request's context. */
    EngineSession open(EngineChannel channel, Function<String, List<String>> headers, Context context) {
        String sid = node.id() + "." + SessionIds.next(); // the owner first: PollingRelay routes by it
        EngineSession engine = new EngineSession(sid, context, channel, headers, codecs.attachments(maxPayload),
                this::ended);
        sessions.put(sid, engine);
        metrics.opened(channel);
        engine.start(new EngineSession.Hooks(codecs, node::openSession, node::sessionClosed));
        return engine;
    }

    private void ended(EngineSession engine) {
        metrics.ended();
        long grace = Math.max(1, pingIntervalMillis);
        vertx.setTimer(grace, id -> sessions.remove(engine.sid()));
    }

    /** @return the live session {@code sid}, or {@code null} */
    EngineSession find(String sid) {
        return sid == null ? null : sessions.get(sid);
    }

    /** @return the handshake packet of {@code sid}, offering the upgrade to WebSocket when {@code upgradable} */
    String openPacket(String sid, boolean upgradable) {
        return EnginePackets.open(sid, upgradable, pingIntervalMillis, pingTimeoutMillis, maxPayload);
    }

    int maxPayload() {
        return maxPayload;
    }

    long pingIntervalMillis() {
        return pingIntervalMillis;
    }

    long pingTimeoutMillis() {
        return pingTimeoutMillis;
    }
}
