package io.pulsegate.admin;

import java.time.Clock;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.micrometer.core.instrument.MeterRegistry;
import io.pulsegate.config.AdminConfig;
import io.pulsegate.config.PulsegateConfig;
import io.pulsegate.node.Node;
import io.pulsegate.protocol.json.JsonCodec;
import io.pulsegate.transport.api.ApiCall;
import io.quarkus.runtime.ShutdownEvent;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * Mounts the admin UI under {@code pulsegate.admin.path} when {@code pulsegate.admin.enabled} is on; otherwise
 * registers nothing, so everything under the path is 404. Layout:
 *
 * <pre>
 * GET  /admin/               the UI (static files, no data)       public
 * POST /admin/api/sign-in    {"password":…} or {"token":…}       public, JSON only
 * GET  /admin/api/session    who, CSRF token, expiry             session
 * GET  /admin/api/live       SSE: fleet snapshot every second    session
 * GET  /admin/api/tail?channel=c  SSE: c's publications on this node  session
 * GET  /admin/api/backends   this node's proxies and consumers   session
 * POST /admin/api/call/{m}   server API method m (allow-listed)  session + X-CSRF-Token
 * POST /admin/api/sign-out                                        session + X-CSRF-Token
 * </pre>
 *
 * Every {@code /api} route without a valid session answers 401, a mutating one without the CSRF token 403. Handlers
 * run on the event loop and never block.
 */
@ApplicationScoped
public class AdminRoutes {

    private static final Logger LOG = Logger.getLogger(AdminRoutes.class);

    /** Server API methods the admin UI may call, by their URL names. */
    static final Set<String> METHODS = Set.of("info", "channels", "presence", "presence_stats", "history",
            "publish", "disconnect", "unsubscribe", "map_publish", "map_remove", "map_read_state", "map_stats");

    @Inject
    PulsegateConfig config;
    @Inject
    Node node;
    @Inject
    ApiCall api;
    @Inject
    Vertx vertx;
    @Inject
    MeterRegistry registry;
    @Inject
    JsonCodec jsonCodec;
    @Inject
    ObjectMapper mapper;

    private long timer = -1;

    void stop(@Observes ShutdownEvent event) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    void register(@Observes Router router) {
        AdminConfig admin = config.admin();
        if (!admin.enabled()) {
            return;
        }
        String base = normalise(admin.path());
        AdminAuth auth = new AdminAuth(admin, Clock.systemUTC());
        AdminLive live = new AdminLive(new LocalStats(node, registry));
        AdminChannel channel = new AdminChannel(node, jsonCodec, mapper, event -> onEvent(event, live, auth));
        live.channel(channel);
        timer = vertx.setPeriodic(AdminLive.PERIOD_MS, t -> {
            if (node.started()) {
                live.tick();
            }
        });
        AdminSessions sessions = new AdminSessions(auth, admin.insecure(), base, mapper, channel, vertx);
        mountApi(router, base, sessions, live, new AdminTail(node, jsonCodec, vertx));
        mountUi(router, base, new AdminAssets());
        warn(admin, auth, base);
    }

    private void mountApi(Router router, String base, AdminSessions sessions, AdminLive live, AdminTail tail) {
        String api = base + "/api";
        router.route(api + "/*").handler(BodyHandler.create(false).setBodyLimit(config.api().maxBodySize()))
                .handler(AdminRoutes::noStore);
        router.post(api + "/sign-in").handler(sessions::signIn);
        router.route(api + "/*").handler(sessions::guard);
        router.get(api + "/session").handler(sessions::describe);
        router.post(api + "/sign-out").handler(sessions::signOut);
        router.get(api + "/live").handler(rc -> live.open(rc.response(), sessions.stillValid(rc)));
        router.get(api + "/tail").handler(rc -> tail.open(rc.response(), rc.request().getParam("channel"), sessions
                .stillValid(rc)));
        BackendHealth backends = new BackendHealth(registry);
        router.get(api + "/backends").handler(rc -> rc.response().putHeader("Content-Type", "application/json").end(
                Buffer.buffer(backends.toJson())));
        router.post(api + "/call/:method").handler(this::call);
        router.route(api + "/*").handler(rc -> rc.response().setStatusCode(404).end());
    }

    private void mountUi(Router router, String base, AdminAssets assets) {
        router.get(base + "*").handler(rc -> {
            String path = rc.normalizedPath();
            if (path.equals(base)) {
                rc.redirect(base + "/");
                return;
            } else if (!path.startsWith(base + "/")) {
                rc.next();
                return;
            }
            String file = path.substring(base.length() + 1);
            AdminAssets.Asset asset = assets.get(file.isEmpty() ? "index.html" : file).orElse(null);
            if (asset == null) {
                rc.response().setStatusCode(404).end();
                return;
            }
            securityHeaders(rc).putHeader("Content-Type", asset.contentType()).end(asset.body());
        });
    }

    private void call(RoutingContext rc) {
        String method = rc.pathParam("method");
        if (!METHODS.contains(method)) {
            rc.response().setStatusCode(404).end();
            return;
        }
        byte[] body = rc.body() == null || rc.body().buffer() == null ? new byte[0] : rc.body().buffer().getBytes();
        api.call(method, body).subscribe().with(r -> {
            if (!rc.response().ended()) {
                rc.response().setStatusCode(r.status()).putHeader("Content-Type", "application/json").end(Buffer
                        .buffer(r.body()));
            }
        });
    }

    private static void onEvent(JsonNode event, AdminLive live, AdminAuth auth) {
        String type = event.path("type").asText();
        if ("stats".equals(type)) {
            live.onSnapshot(event);
        } else if ("revoke".equals(type)) {
            auth.revoke(event.path("id").asText(), event.path("exp").asLong());
        }
    }

    private static void noStore(RoutingContext rc) {
        securityHeaders(rc).putHeader("Cache-Control", "no-store");
        rc.next();
    }

    static io.vertx.core.http.HttpServerResponse securityHeaders(RoutingContext rc) {
        return rc.response().putHeader("X-Content-Type-Options", "nosniff").putHeader("X-Frame-Options", "DENY")
                .putHeader("Referrer-Policy", "no-referrer").putHeader("Content-Security-Policy",
                        "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'");
    }

    private static void warn(AdminConfig admin, AdminAuth auth, String base) {
        if (admin.insecure()) {
            LOG.warnf("pulsegate.admin.insecure=true: the admin UI at %s needs no sign-in. Never in production", base);
        } else if (!auth.canSignIn()) {
            LOG.warnf("admin UI at %s: set pulsegate.admin.password or pulsegate.admin.secret to sign in", base);
        } else {
            LOG.infof("admin UI served at %s", base);
        }
    }

    static String normalise(String path) {
        String p = path.startsWith("/") ? path : "/" + path;
        while (p.length() > 1 && p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        String first = p.substring(1).split("/", 2)[0];
        if (first.isEmpty() || Set.of("api", "connection", "q", "dev", "emulation").contains(first)) {
            throw new IllegalArgumentException("pulsegate.admin.path must not be / or shadow /api, /connection, /q: "
                    + path);
        }
        return p;
    }
}
