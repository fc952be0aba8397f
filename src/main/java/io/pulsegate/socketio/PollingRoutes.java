package io.pulsegate.socketio;

import java.util.Arrays;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.pulsegate.auth.OriginPolicy;
import io.pulsegate.config.PulsegateConfig;
import io.pulsegate.metrics.GatewayMetrics;
import io.pulsegate.node.Node;
import io.pulsegate.transport.RepeatedHeaders;
import io.pulsegate.transport.SampledLog;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * Engine.IO v4 HTTP long-polling at {@code /socket.io/}: {@code GET} without {@code sid} is the handshake, {@code GET}
 * with it a poll, {@code POST} carries the client's packets. Answers as the reference server does: 400 with an
 * Engine.IO error body for an unknown session or transport, a second concurrent poll or a bad request; the same
 * origin allowlist as every transport (403), CORS for allowed origins. WebSocket upgrades pass to
 * {@link SocketIoWebSocket}.
 */
@ApplicationScoped
public class PollingRoutes {

    static final String PATH = "/socket.io/";
    private static final Logger LOG = Logger.getLogger(PollingRoutes.class);
    private static final SampledLog SAMPLED = new SampledLog(LOG, 10_000);

    @Inject
    PulsegateConfig config;
    @Inject
    EngineSessions sessions;
    @Inject
    OriginPolicy origins;
    @Inject
    Node node;
    @Inject
    GatewayMetrics metrics;
    @Inject
    PollingRelay relay;

    void register(@Observes Router router) {
        if (!config.socketio().enabled()) {
            return;
        }
        String path = config.socketio().path();
        BodyHandler body = BodyHandler.create(false).setBodyLimit(sessions.maxPayload());
        router.options(path).order(-10).handler(this::preflight);
        router.get(path).order(-10).handler(this::get);
        router.post(path).order(-10).handler(body).handler(this::post);
    }

    private void get(RoutingContext rc) {
        if (rc.request().headers().contains(HttpHeaders.UPGRADE)) {
            upgrade(rc);
            return;
        }
        if (!admit(rc)) {
            return;
        }
        String sid = rc.request().getParam("sid");
        if (sid == null) {
            handshake(rc);
            return;
        }
        EngineSession engine = sessions.find(sid);
        if (engine == null) {
            relayPoll(rc, sid);
            return;
        }
        engine.execute(() -> {
            if (!(engine.channel() instanceof PollingChannel channel)) {
                error(rc, 3, "Bad request"); // a late poll after the upgrade: refused, the session goes on
            } else if (!channel.poll(Poll.of(rc.response()))) {
                error(rc, 3, "Bad request"); // a second concurrent poll ends the session, as the reference server
                engine.disconnectAll(io.pulsegate.protocol.DisconnectCode.BAD_REQUEST);
            }
        });
    }

    /** A WebSocket: the websockets-next endpoint, whose path is {@link #PATH} whatever the configured one. */
    private static void upgrade(RoutingContext rc) {
        if (PATH.equals(rc.normalizedPath())) {
            rc.next();
        } else {
            String query = rc.request().query();
            rc.reroute(query == null ? PATH : PATH + "?" + query);
        }
    }

    private void handshake(RoutingContext rc) {
        if (node.draining() || !node.started()) {
            metrics.limitHit("handshake_draining");
            rc.response().setStatusCode(503).putHeader("Retry-After", "5").end();
            return;
        }
        metrics.connectionFormat("json");
        MultiMap headers = MultiMap.caseInsensitiveMultiMap().addAll(rc.request().headers());
        EngineSession engine = sessions.open(new PollingChannel(), name -> List.copyOf(headers.getAll(name)),
                Vertx.currentContext());
        rc.response().putHeader("Content-Type", PollingChannel.CONTENT_TYPE)
                .end(sessions.openPacket(engine.sid(), true));
    }

    private void post(RoutingContext rc) {
        if (!admit(rc)) {
            return;
        }
        String sid = rc.request().getParam("sid");
        byte[] payload = rc.body() == null || rc.body().buffer() == null ? new byte[0] : rc.body().buffer().getBytes();
        EngineSession engine = sessions.find(sid);
        if (engine != null) {
            EnginePackets.split(payload, (from, to) -> engine.receive(Arrays.copyOfRange(payload, from, to)));
            ok(rc);
            return;
        }
        String owner = sid == null ? null : PollingRelay.owner(sid);
        if (owner == null || owner.equals(node.id())) {
            error(rc, 1, "Session ID unknown");
            return;
        }
        relay.post(owner, sid, payload, sent -> {
            if (sent) {
                ok(rc);
            } else {
                rc.response().setStatusCode(503).putHeader("Retry-After", "1").end(); // the engine is down
            }
        });
    }

    private static void ok(RoutingContext rc) {
        rc.response().putHeader("Content-Type", "text/html").end("ok");
    }

    /** A poll for a session of another node: relayed to its owner, whose answer becomes this response. */
    private void relayPoll(RoutingContext rc, String sid) {
        String owner = PollingRelay.owner(sid);
        if (owner == null || owner.equals(node.id())) {
            error(rc, 1, "Session ID unknown");
            return;
        }
        java.util.function.Consumer<PollingRelay.Answer> answer = a -> {
            if (a.status() == 0) {
                rc.response().putHeader("Content-Type", PollingChannel.CONTENT_TYPE).end(a.payload());
            } else if (a.status() == 1) {
                error(rc, 1, "Session ID unknown");
            } else {
                error(rc, 3, "Bad request");
            }
        };
        rc.response().closeHandler(v -> relay.cancel(answer));
        relay.poll(owner, sid, answer);
    }

    /** Enabled (the routes exist only then), Engine.IO 4 over polling, an allowed origin, headers not repeated. */
    private boolean admit(RoutingContext rc) {
        HttpServerRequest request = rc.request();
        if (!"4".equals(request.getParam("EIO"))) {
            error(rc, 5, "Unsupported protocol version");
            return false;
        }
        if (!"polling".equals(request.getParam("transport"))) {
            error(rc, 0, "Transport unknown");
            return false;
        }
        String origin = request.getHeader("Origin");
        if (RepeatedHeaders.find(request.headers()) != null || !origins.allows(origin)) {
            metrics.limitHit("handshake_origin");
            SAMPLED.info("socketio_origin", "socket.io polling refused: origin not allowed or header repeated");
            rc.response().setStatusCode(403).end();
            return false;
        }
        if (origin != null) {
            rc.response().putHeader("Access-Control-Allow-Origin", origin)
                    .putHeader("Access-Control-Allow-Credentials", "true").putHeader("Vary", "Origin");
        }
        return true;
    }

    private void preflight(RoutingContext rc) {
        String origin = rc.request().getHeader("Origin");
        if (!origins.allows(origin)) {
            rc.response().setStatusCode(403).end();
            return;
        }
        rc.response().putHeader("Access-Control-Allow-Origin", origin == null ? "*" : origin)
                .putHeader("Access-Control-Allow-Credentials", "true").putHeader("Vary", "Origin")
                .putHeader("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
                .putHeader("Access-Control-Allow-Headers", "Content-Type, Authorization")
                .putHeader("Access-Control-Max-Age", "600").setStatusCode(204).end();
    }

    /** An Engine.IO error answer: 400 {@code {"code":n,"message":…}}. */
    private void error(RoutingContext rc, int code, String message) {
        metrics.limitHit("socketio_bad_request");
        if (!rc.response().ended()) {
            rc.response().setStatusCode(400).putHeader("Content-Type", "application/json")
                    .end("{\"code\":" + code + ",\"message\":\"" + message + "\"}");
        }
    }
}
