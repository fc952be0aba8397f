package io.pulsegate.transport;

import java.util.Optional;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.impl.ConnectionBase;

/**
 * The only place that touches Vert.x internals: neither Quarkus nor websockets-next offers a public hook into the
 * Netty pipeline of a connection, and Vert.x 4.5 exposes the channel only on its internal {@link ConnectionBase} (the
 * common superclass of its HTTP/1.x and HTTP/2 connections). A plain {@code instanceof} and public method calls, so it
 * is safe for native images (no reflection).
 */
public final class NettyChannels {

    private NettyChannels() {
    }

    /**
     * The pipeline context of Vert.x's own connection handler (the last inbound handler, which turns frames into
     * {@code ServerWebSocket} events) for the connection carrying {@code request}; empty if the connection is not a
     * Netty-backed Vert.x connection. Our handlers are inserted right before it, so we do not depend on the
     * internal handler name.
     */
    public static Optional<ChannelHandlerContext> vertxHandlerContext(HttpServerRequest request) {
        return connection(request).map(ConnectionBase::channelHandlerContext);
    }

    /** The Netty channel carrying {@code request}; empty if it is not a Netty-backed Vert.x connection. */
    public static Optional<Channel> channel(HttpServerRequest request) {
        return connection(request).map(ConnectionBase::channel);
    }

    private static Optional<ConnectionBase> connection(HttpServerRequest request) {
        HttpConnection connection = request.connection();
        return connection instanceof ConnectionBase base ? Optional.of(base) : Optional.empty();
    }
}
