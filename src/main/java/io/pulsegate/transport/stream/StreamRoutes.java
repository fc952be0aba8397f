package io.pulsegate.transport.stream;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.pulsegate.auth.OriginPolicy;
import io.pulsegate.client.ClientSession;
import io.pulsegate.config.PulsegateConfig;
import io.pulsegate.config.StreamConfig;
import io.pulsegate.metrics.GatewayMetrics;
import io.pulsegate.node.Node;
import io.pulsegate.protocol.Command;
import io.pulsegate.protocol.ProtocolCodec;
import io.pulsegate.protocol.ProtocolException;
import io.pulsegate.protocol.Request;
import io.pulsegate.protocol.StreamPosition;
import io.pulsegate.protocol.json.JsonCodec;
import io.pulsegate.protocol.protobuf.ProtobufCodec;
import io.pulsegate.transport.BearerToken;
import io.pulsegate.transport.SampledLog;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * The streaming client endpoints on Centrifugo's paths: unidirectional {@code /connection/uni_sse} (GET with
 * {@code cf_connect}, or POST) and {@code /connection/uni_http_stream}; bidirectional emulation
 * {@code /connection/sse} and {@code /connection/http_stream} (Protobuf with {@code application/octet-stream}), whose
 * later commands arrive through {@code /emulation} ({@link EmulationRoute}). Raw Vert.x routes: a stream costs a
 * response object and the session, and compression is ours, flushed per event ({@link GzipEncoder}).
 */
@ApplicationScoped
public class StreamRoutes {

    private static final Logger LOG = Logger.getLogger(StreamRoutes.class);
    private static final SampledLog SAMPLED = new SampledLog(LOG, 10_000);
    private static final List<String> PATHS = List.of("/connection/uni_sse", "/connection/uni_http_stream",
            "/connection/sse", "/connection/http_stream", "/emulation");

    @Inject
    PulsegateConfig config;
    @Inject
    Node node;
    @Inject
    GatewayMetrics metrics;
    @Inject
    JsonCodec json;
    @Inject
    ProtobufCodec protobuf;

    @Inject
    OriginPolicy origins;
    @Inject
    UniCodec uniJson;

    private StreamSettings settings;

    void register(@Observes Router router) {
        StreamConfig stream = config.stream();
        if (!stream.enabled()) {
            return;
        }
        settings = new StreamSettings(stream, node, metrics);
        BodyHandler body = BodyHandler.create(false).setBodyLimit(stream.maxRequestBodySize());
        PATHS.forEach(path -> router.options(path).handler(rc -> StreamHttp.preflight(rc, origins)));
        router.get("/connection/uni_sse").handler(rc -> uni(rc, Framing.SSE, query(rc)));
        router.post("/connection/uni_sse").handler(body).handler(rc -> uni(rc, Framing.SSE, body(rc)));
        router.post("/connection/uni_http_stream").handler(body).handler(rc -> uni(rc, Framing.LINES, body(rc)));
        router.get("/connection/sse").handler(rc -> emulation(rc, Framing.SSE, json, query(rc)));
        router.post("/connection/sse").handler(body).handler(rc -> emulation(rc, Framing.SSE, json, body(rc)));
        router.post("/connection/http_stream").handler(body).handler(rc -> {
            boolean binary = isProtobuf(rc);
            emulation(rc, binary ? Framing.BINARY : Framing.LINES, binary ? protobuf : json, body(rc));
        });
        router.post("/emulation").handler(body).handler(new EmulationRoute(node, json.factory(), origins)::handle);
    }

    private void uni(RoutingContext rc, Framing framing, byte[] body) {
        if (!admit(rc, framing)) {
            return;
        }
        Request.Connect connect;
        try {
            connect = ConnectRequests.decode(json, body);
        } catch (ProtocolException e) {
            SAMPLED.info("stream_bad_connect", "stream refused: malformed connect request");
            rc.response().setStatusCode(400).end();
            return;
        }
        Optional<String> token = handshakeToken(rc);
        if ((connect.token() == null || connect.token().isEmpty()) && token.isEmpty() && !anonymousAllowed()
                && node.proxies().connect().isEmpty()) {
            rc.response().setStatusCode(401).end();
            return;
        }
        if (framing == Framing.SSE) {
            connect = ConnectRequests.withResume(connect, lastEventId(rc));
        }
        Request.Connect request = connect;
        open(rc, uniJson, new StreamOptions(framing, false, gzip(rc), framing == Framing.SSE), token,
                s -> s.handleCommands(List.of(new Command(1, request))));
    }

    private void emulation(RoutingContext rc, Framing framing, ProtocolCodec codec, byte[] body) {
        if (!admit(rc, framing)) {
            return;
        }
        if (body.length == 0) {
            rc.response().setStatusCode(400).end();
            return;
        }
        open(rc, codec, new StreamOptions(framing, true, gzip(rc), false), handshakeToken(rc),
                s -> s.handleMessage(body));
    }

    private void open(RoutingContext rc, ProtocolCodec codec, StreamOptions options, Optional<String> token,
            Function<ClientSession, Uni<Void>> first) {
        StreamTransport transport = new StreamTransport(rc.response(), rc.request().headers(), Vertx.currentContext(),
                codec, options, settings, token);
        ClientSession session = node.openSession(transport);
        transport.attach(session);
        first.apply(session).subscribe().with(ok -> {
        }, failure -> session.disconnect(io.pulsegate.protocol.DisconnectCode.INTERNAL));
    }

    /** Origin allowlist with CORS headers, then overload: a draining or starting node sends clients elsewhere. */
    private boolean admit(RoutingContext rc, Framing framing) {
        if (!StreamHttp.admitOrigin(rc, origins)) {
            metrics.limitHit("stream_origin");
            SAMPLED.info("stream_origin", "stream refused: origin not allowed");
            return false;
        }
        if (node.draining() || !node.started()) {
            metrics.limitHit("stream_draining");
            StreamHttp.overload(rc.response(), framing, config.stream().overloadRetry().toMillis());
            return false;
        }
        return true;
    }

    private Map<String, StreamPosition> lastEventId(RoutingContext rc) {
        String header = rc.request().getHeader("Last-Event-ID");
        Map<String, StreamPosition> resume = LastEventId.parse(header, config.stream().lastEventIdMaxLength(),
                Math.max(1, config.client().channelLimit()));
        if (header != null && !header.isEmpty() && resume == null) {
            metrics.limitHit("last_event_id_invalid");
        }
        return resume;
    }

    /** Bearer token from {@code Authorization}, else the token cookie when enabled together with an allowlist. */
    private Optional<String> handshakeToken(RoutingContext rc) {
        Optional<String> bearer = BearerToken.from(rc.request().getHeader("Authorization"));
        if (bearer.isPresent()) {
            return bearer;
        }
        Optional<String> cookie = config.stream().tokenCookie();
        if (cookie.isPresent() && config.client().allowedOrigins().filter(l -> !l.isEmpty()).isPresent()) {
            io.vertx.core.http.Cookie c = rc.request().getCookie(cookie.get());
            if (c != null && !c.getValue().isEmpty()) {
                return Optional.of(c.getValue());
            }
        }
        return Optional.empty();
    }

    private boolean anonymousAllowed() {
        return config.client().insecure() || config.client().allowAnonymousConnectWithoutToken();
    }

    private boolean gzip(RoutingContext rc) {
        if (!config.stream().gzip()) {
            return false;
        }
        String accept = rc.request().getHeader("Accept-Encoding");
        if (accept == null) {
            return false;
        }
        for (String part : accept.split(",", 16)) {
            String[] tokens = part.trim().split(";", 2);
            if (tokens[0].trim().equalsIgnoreCase("gzip")) {
                return tokens.length == 1 || !tokens[1].replace(" ", "").matches("q=0(\\.0*)?");
            }
        }
        return false;
    }

    private static boolean isProtobuf(RoutingContext rc) {
        String type = rc.request().getHeader("Content-Type");
        return type != null && type.startsWith("application/octet-stream");
    }

    private byte[] query(RoutingContext rc) {
        String value = rc.request().getParam("cf_connect");
        return value == null ? new byte[0] : value.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    private static byte[] body(RoutingContext rc) {
        return rc.body() == null || rc.body().buffer() == null ? new byte[0] : rc.body().buffer().getBytes();
    }
}
