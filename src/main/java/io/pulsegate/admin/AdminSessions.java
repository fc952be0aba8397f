package io.pulsegate.admin;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.BooleanSupplier;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.pulsegate.transport.SampledLog;
import io.vertx.core.Vertx;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;

/**
 * Sign-in, sign-out and the session guard of the admin API. The session travels in an HttpOnly, SameSite=Strict
 * cookie scoped to the admin path; requests other than GET must also carry the session's CSRF token in
 * {@code X-CSRF-Token} (a cross-site form can neither read it nor set headers). A refused sign-in is answered after a
 * short delay, and a source address with too many refusals is throttled ({@link SignInThrottle}). Event loop; nothing
 * blocks.
 */
final class AdminSessions {

    static final String COOKIE = "pulsegate_admin";
    static final String CSRF_HEADER = "X-CSRF-Token";

    private static final Logger LOG = Logger.getLogger(AdminSessions.class);
    private static final SampledLog SAMPLED = new SampledLog(LOG, 10_000);
    private static final JsonFactory JSON = new JsonFactory();
    private static final long REFUSAL_DELAY_MS = 300;
    private static final String SESSION_KEY = "pulsegate.admin.session";

    private final AdminAuth auth;
    private final boolean insecure;
    private final String base;
    private final ObjectMapper mapper;
    private final AdminChannel channel;
    private final Vertx vertx;
    private final SignInThrottle throttle = new SignInThrottle(System::currentTimeMillis);

    AdminSessions(AdminAuth auth, boolean insecure, String base, ObjectMapper mapper, AdminChannel channel,
            Vertx vertx) {
        this.auth = auth;
        this.insecure = insecure;
        this.base = base;
        this.mapper = mapper;
        this.channel = channel;
        this.vertx = vertx;
    }

    /** {@code POST <path>/api/sign-in} with {@code {"password":…}} or {@code {"token":…}}. */
    void signIn(RoutingContext rc) {
        String type = rc.request().getHeader("Content-Type");
        if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
            rc.response().setStatusCode(415).end();
            return;
        }
        String source = rc.request().remoteAddress() == null ? "" : rc.request().remoteAddress().hostAddress();
        if (!throttle.allowed(source)) {
            SAMPLED.info("admin_sign_in_throttled", "admin sign-in throttled");
            rc.response().setStatusCode(429).putHeader("Retry-After", "60").end();
            return;
        }
        Optional<String> subject = credentials(rc).flatMap(c -> c.has("token")
                ? auth.byToken(c.path("token").asText(null))
                : auth.byPassword(c.path("password").asText(null)));
        if (subject.isEmpty()) {
            throttle.failed(source);
            SAMPLED.info("admin_sign_in", "admin sign-in refused");
            vertx.setTimer(REFUSAL_DELAY_MS, t -> rc.response().setStatusCode(401).end());
            return;
        }
        throttle.succeeded(source);
        SessionCodec.Session session = auth.open(subject.get());
        Cookie cookie = Cookie.cookie(COOKIE, auth.codec().encode(session)).setPath(base).setHttpOnly(true)
                .setSameSite(CookieSameSite.STRICT).setSecure(https(rc)).setMaxAge(auth.ttl().toSeconds());
        rc.response().addCookie(cookie);
        LOG.infof("admin signed in user=%s", session.subject());
        json(rc, 200, session);
    }

    /** Lets a request through with a valid session (401 without), and a mutating one with its CSRF token (403). */
    void guard(RoutingContext rc) {
        if (insecure) {
            rc.next();
            return;
        }
        Optional<SessionCodec.Session> session = session(rc);
        if (session.isEmpty()) {
            rc.response().setStatusCode(401).end();
            return;
        }
        boolean safe = rc.request().method() == HttpMethod.GET || rc.request().method() == HttpMethod.HEAD;
        if (!safe && !auth.codec().csrfMatches(session.get(), rc.request().getHeader(CSRF_HEADER))) {
            rc.response().setStatusCode(403).end();
            return;
        }
        rc.put(SESSION_KEY, session.get());
        rc.next();
    }

    /** {@code GET <path>/api/session}: the signed-in admin, the CSRF token and the expiry. */
    void describe(RoutingContext rc) {
        json(rc, 200, rc.get(SESSION_KEY));
    }

    /** {@code POST <path>/api/sign-out}: revokes the session on every node and clears the cookie. */
    void signOut(RoutingContext rc) {
        SessionCodec.Session session = rc.get(SESSION_KEY);
        if (session != null) {
            auth.revoke(session);
            channel.publish(("{\"type\":\"revoke\",\"id\":\"" + session.id() + "\",\"exp\":" + session.expiresAt()
                    + "}").getBytes(StandardCharsets.UTF_8));
            LOG.infof("admin signed out user=%s", session.subject());
        }
        rc.response().addCookie(Cookie.cookie(COOKIE, "").setPath(base).setHttpOnly(true).setSameSite(
                CookieSameSite.STRICT).setMaxAge(0));
        rc.response().setStatusCode(204).end();
    }

    /** @return whether the request's session still holds (for long-lived streams) */
    BooleanSupplier stillValid(RoutingContext rc) {
        if (insecure) {
            return () -> true;
        }
        String cookie = cookieOf(rc);
        return () -> auth.verify(cookie).isPresent();
    }

    private Optional<SessionCodec.Session> session(RoutingContext rc) {
        return auth.verify(cookieOf(rc));
    }

    private static String cookieOf(RoutingContext rc) {
        Cookie cookie = rc.request().getCookie(COOKIE);
        return cookie == null ? null : cookie.getValue();
    }

    private Optional<JsonNode> credentials(RoutingContext rc) {
        try {
            byte[] body = rc.body() == null || rc.body().buffer() == null
                    ? new byte[0]
                    : rc.body().buffer()
                            .getBytes();
            JsonNode node = mapper.readTree(body);
            return node != null && node.isObject() ? Optional.of(node) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private void json(RoutingContext rc, int status, SessionCodec.Session session) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(128);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("user", session == null ? "insecure" : session.subject());
            g.writeStringField("csrf", session == null ? "" : auth.codec().csrf(session));
            g.writeNumberField("expiresAt", session == null ? 0 : session.expiresAt());
            g.writeBooleanField("insecure", insecure);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        rc.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                .end(io.vertx.core.buffer.Buffer
                        .buffer(out.toByteArray()));
    }

    private static boolean https(RoutingContext rc) {
        return rc.request().isSSL() || "https".equalsIgnoreCase(rc.request().getHeader("X-Forwarded-Proto"));
    }
}
