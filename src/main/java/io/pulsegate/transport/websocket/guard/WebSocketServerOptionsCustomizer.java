package io.pulsegate.transport.websocket.guard;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.vertx.http.HttpServerOptionsCustomizer;
import io.vertx.core.http.HttpServerOptions;

/**
 * Vert.x WebSocket options with no Quarkus config key. Defence in depth: {@link DeflateNegotiator} normally replaces
 * Vert.x's negotiation, but should it ever not run, Vert.x itself still grants no-context-takeover, never offers the
 * obsolete per-frame deflate and never accepts unmasked client frames.
 */
@ApplicationScoped
public class WebSocketServerOptionsCustomizer implements HttpServerOptionsCustomizer {

    @Override
    public void customizeHttpServer(HttpServerOptions options) {
        options.setWebSocketAllowServerNoContext(true);
        options.setWebSocketPreferredClientNoContext(true);
        options.setPerFrameWebSocketCompressionSupported(false);
        options.setAcceptUnmaskedFrames(false);
    }
}
