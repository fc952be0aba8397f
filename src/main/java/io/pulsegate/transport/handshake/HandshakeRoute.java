package io.pulsegate.transport.handshake;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.Channel;
import io.pulsegate.config.HttpConfig;
import io.pulsegate.config.PulsegateConfig;
import io.pulsegate.metrics.GatewayMetrics;
import io.pulsegate.transport.NettyChannels;
import io.quarkus.vertx.http.HttpServerStart;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.impl.HttpServerImpl;
import io.vertx.core.impl.VertxInternal;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Wires the header-read deadline and the pending-handshake cap (ADR 0005). Quarkus builds the HTTP server without a
 * connection hook, so the first request on a listening channel installs {@link AcceptHook} on it; at startup the
 * gateway sends that first request to itself, so no connection escapes the deadline. As the first route, it also
 * tells each connection's {@link HeaderDeadline} when a request's headers are complete and when its response ends.
 */
@ApplicationScoped
public class HandshakeRoute {

    private static final Logger LOG = Logger.getLogger(HandshakeRoute.class);

    private final HandshakeLimits limits;
    private final Vertx vertx;
    private volatile boolean installed;

    @Inject
    HandshakeRoute(PulsegateConfig config, GatewayMetrics metrics, MeterRegistry registry, Vertx vertx) {
        HttpConfig http = config.http();
        this.limits = new HandshakeLimits(http.headerTimeout().toMillis(),
                new PendingHandshakes(http.maxPendingHandshakesPerAddress()), metrics);
        this.vertx = vertx;
        registry.gauge("pulsegate_http_pending_handshakes", limits.pending(), PendingHandshakes::total);
    }

    private boolean enabled() {
        return limits.headerTimeoutMillis() > 0 || limits.pending().capped();
    }

    void register(@Observes Router router) {
        if (enabled()) {
            router.route().order(Integer.MIN_VALUE).handler(this::onRequest);
        }
    }

    /**
     * Sends the first request to this server, which installs the accept hook before any client arrives. With a
     * random port ({@code 0}, in tests) the options do not say which port it got: every listening HTTP server of this
     * Vert.x instance is tried; the one that is not ours (management, TLS) answers nothing to us and is ignored.
     */
    void onStart(@ObservesAsync HttpServerStart start) {
        if (!enabled()) {
            return;
        }
        String host = loopbackFor(start.options().getHost());
        List<Integer> ports = start.options().getPort() > 0
                ? List.of(start.options().getPort())
                : ((VertxInternal) vertx).sharedHttpServers().values().stream().map(HttpServerImpl::actualPort)
                        .filter(port -> port > 0).distinct().toList();
        HttpClient client = vertx.createHttpClient();
        Future.join(ports.stream().map(port -> client.request(HttpMethod.HEAD, port, host, "/")
                .compose(request -> request.send())).toList())
                .onComplete(sent -> {
                    client.close();
                    if (!installed) {
                        LOG.warnf("Could not reach %s:%s to install the header-read deadline; it applies from the"
                                + " first request on", host, ports);
                    }
                });
    }

    /** Whether the accept hook is on at least one listening channel. */
    public boolean installed() {
        return installed;
    }

    private void onRequest(RoutingContext rc) {
        HttpServerRequest request = rc.request();
        Channel channel = NettyChannels.channel(request).orElse(null);
        if (channel != null) {
            if (channel.parent() != null && AcceptHook.installOn(channel.parent(), limits)) {
                installed = true;
                LOG.debugf("Header-read deadline installed on %s", channel.parent().localAddress());
            }
            HeaderDeadline deadline = HeaderDeadline.of(channel);
            if (deadline != null) {
                track(rc, request, deadline);
            }
        }
        rc.next();
    }

    private static void track(RoutingContext rc, HttpServerRequest request, HeaderDeadline deadline) {
        if (request.version() == HttpVersion.HTTP_2) {
            deadline.detach();
            return;
        }
        deadline.headersComplete(request.headers().contains("Upgrade"));
        rc.addEndHandler(ended -> deadline.responseEnded());
    }

    private static String loopbackFor(String host) {
        if (host == null || host.isEmpty() || "0.0.0.0".equals(host)) {
            return "127.0.0.1";
        }
        return "::".equals(host) || "[::]".equals(host) ? "::1" : host;
    }
}
