package io.pulsegate.transport.websocket.guard;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketServerExtensionHandler;
import io.pulsegate.config.PulsegateConfig;
import io.pulsegate.config.WebSocketConfig;
import io.pulsegate.transport.NettyChannels;
import io.pulsegate.transport.websocket.wire.SharedDeflater;
import io.pulsegate.transport.websocket.wire.WireRegistry;
import io.pulsegate.transport.websocket.wire.WireWriter;
import io.quarkus.websockets.next.HttpUpgradeCheck;
import io.smallrye.mutiny.Uni;

/**
 * Entry point of the WebSocket hygiene layer, applied to every websockets-next endpoint. Before the 101 is sent it
 * (1) rejects malformed handshakes ({@link HandshakeValidator}), (2) negotiates permessage-deflate itself
 * ({@link DeflateNegotiator}; Vert.x's negotiation is switched off in {@code application.properties}, and removed
 * here should it be on) and (3) inserts the guards in front of Vert.x's connection handler. After the handshake the
 * inbound path is:
 *
 * <pre>
 * frame decoder (ours, swapped in by FrameGuard) → FrameGuard → [capped inflater] → MessageGuard → Vert.x
 * </pre>
 *
 * An upgrade check is the one public websockets-next hook that runs for every upgrade with the request in hand and
 * before the handshake; the guards let HTTP objects pass, so installing them before the 101 leaves no window in which
 * frames could bypass them. Requests without {@code Sec-WebSocket-Key} never reach upgrade checks (websockets-next
 * passes them to the next route).
 */
@ApplicationScoped
public class WebSocketGuardUpgradeCheck implements HttpUpgradeCheck {

    private static final Logger LOG = Logger.getLogger(WebSocketGuardUpgradeCheck.class);
    static final String FRAME_GUARD = "pulsegateWsFrameGuard";
    static final String DEFLATE_ENCODER = "pulsegateWsDeflater";
    static final String DEFLATE_DECODER = "pulsegateWsInflater";
    static final String MESSAGE_GUARD = "pulsegateWsMessageGuard";
    private static final List<String> HANDLER_NAMES = List.of(FRAME_GUARD, DEFLATE_ENCODER, DEFLATE_DECODER,
            MESSAGE_GUARD);

    private final GuardLimits limits;
    private final boolean compression;
    private final DeflateNegotiator negotiator;
    private final GuardMetrics metrics;
    private final WireRegistry wires;
    private final SharedDeflater sharedDeflater;

    @Inject
    WebSocketGuardUpgradeCheck(PulsegateConfig root, GuardMetrics metrics, WireRegistry wires) {
        WebSocketConfig config = root.websocket();
        this.limits = GuardLimits.of(config);
        this.compression = config.compression();
        this.negotiator = new DeflateNegotiator(config.compressionLevel(), limits.maxDecompressedMessageSize());
        this.metrics = metrics;
        this.wires = wires;
        this.sharedDeflater = new SharedDeflater(config.compressionLevel());
    }

    @Override
    public Uni<CheckResult> perform(HttpUpgradeContext context) {
        CheckResult rejection = HandshakeValidator.validate(context.httpRequest());
        if (rejection != null) {
            return Uni.createFrom().item(rejection);
        }
        Optional<ChannelHandlerContext> vertxHandler = NettyChannels.vertxHandlerContext(context.httpRequest());
        if (vertxHandler.isEmpty()) {
            // fail closed: an unguarded WebSocket would accept everything plain Vert.x accepts
            LOG.warn("WebSocket upgrade rejected: no Netty pipeline found to install the frame guard");
            return CheckResult.rejectUpgrade(500);
        }
        Optional<DeflateNegotiator.Negotiated> deflate = compression
                ? negotiator.negotiate(String.join(", ", context.httpRequest().headers()
                        .getAll("Sec-WebSocket-Extensions"))) // a list may span several headers
                : Optional.empty();
        ChannelHandlerContext anchor = vertxHandler.get();
        WireWriter wire = new WireWriter(anchor.channel(), deflate.isPresent() ? sharedDeflater : null);
        wires.register(context.httpRequest(), wire);
        Uni<Void> installed = anchor.executor().inEventLoop()
                ? Uni.createFrom().item(() -> install(anchor, deflate, wire))
                : Uni.createFrom().completionStage(() -> {
                    // pipelines are mutated on their event loop so no frame can slip between two changes
                    var done = new java.util.concurrent.CompletableFuture<Void>();
                    anchor.executor().execute(() -> done.complete(install(anchor, deflate, wire)));
                    return done;
                });
        return installed.map(ignored -> deflate
                .map(d -> CheckResult
                        .permitUpgradeSync(Map.of("Sec-WebSocket-Extensions", List.of(d.responseHeader()))))
                .orElseGet(CheckResult::permitUpgradeSync));
    }

    private Void install(ChannelHandlerContext anchor, Optional<DeflateNegotiator.Negotiated> deflate,
            WireWriter wire) {
        ChannelPipeline pipeline = anchor.pipeline();
        for (String name : HANDLER_NAMES) { // a previous upgrade attempt on this keep-alive connection was rejected
            if (pipeline.get(name) != null) {
                pipeline.remove(name);
            }
        }
        WebSocketServerExtensionHandler vertxNegotiator = pipeline.get(WebSocketServerExtensionHandler.class);
        if (vertxNegotiator != null) {
            pipeline.remove(vertxNegotiator); // we negotiate instead (see DeflateNegotiator)
        }
        ConnectionGuard guard = new ConnectionGuard(limits, deflate.isPresent(), metrics);
        String vertx = anchor.name();
        pipeline.addBefore(vertx, FRAME_GUARD, new FrameGuard(guard, wire));
        deflate.ifPresent(d -> {
            pipeline.addBefore(vertx, DEFLATE_ENCODER, d.extension().newExtensionEncoder());
            pipeline.addBefore(vertx, DEFLATE_DECODER, d.extension().newExtensionDecoder());
        });
        pipeline.addBefore(vertx, MESSAGE_GUARD, new MessageGuard(guard));
        return null;
    }
}
