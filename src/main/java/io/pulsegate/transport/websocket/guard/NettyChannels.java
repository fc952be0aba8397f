package io.pulsegate.transport.websocket.guard;

import java.util.Optional;

import io.netty.channel.ChannelHandlerContext;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.impl.ConnectionBase;

/**
 * The only place that touches Vert.x internals: websockets-next offers no public hook into the Netty pipeline of an
 * upgraded connection, and Vert.x 4.5 exposes the channel only on its internal {@link ConnectionBase} (the common
 * superclass of its HTTP/1.x and HTTP/2 connections). A plain {@code instanceof} and a public method call, so it is
 * safe for native images (no reflection).
 */
final class NettyChannels {

    private NettyChannels() {
    }

    /**
     * The pipeline context of Vert.x's own connection handler (the last inbound handler, which turns frames into
     * {@code ServerWebSocket} events) for the connection carrying {@code request}; empty if the connection is not a
     * Netty-backed Vert.x connection. Our handlers are inserted right before it, so we do not depend on the
     * internal handler name.
     */
    static Optional<ChannelHandlerContext> vertxHandlerContext(HttpServerRequest request) {
        HttpConnection connection = request.connection();
        if (connection instanceof ConnectionBase base) {
            return Optional.ofNullable(base.channelHandlerContext());
        }
        return Optional.empty();
    }
}
