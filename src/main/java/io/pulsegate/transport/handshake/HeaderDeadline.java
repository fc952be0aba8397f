package io.pulsegate.transport.handshake;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.jboss.logging.Logger;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.ssl.SslHandler;
import io.pulsegate.transport.SampledLog;

/**
 * The first handler of every accepted connection (ADR 0005): it sees raw bytes before TLS and HTTP decoding and
 * closes the connection when a request's header block is not complete in time. Vert.x signals completion through
 * {@link HandshakeRoute}, the first route of the router, which runs once the headers are decoded.
 * <p>
 * Phases: awaiting headers (from accept, or from the first byte of a later request on a keep-alive connection;
 * counted in {@link PendingHandshakes} and armed with the deadline), in a request (inert), idle between requests
 * (inert until a byte arrives; the HTTP idle timeout governs). A WebSocket that upgraded (seen at its first inbound
 * bytes) and an HTTP/2 connection remove the handler. Only touched from the channel's event loop.
 */
final class HeaderDeadline extends ChannelInboundHandlerAdapter {

    static final String NAME = "pulsegate-header-deadline";

    private static final Logger LOG = Logger.getLogger(HeaderDeadline.class);
    private static final SampledLog SAMPLED = new SampledLog(LOG, 10_000);
    private static final byte[] TIMEOUT_RESPONSE = ("HTTP/1.1 408 Request Timeout\r\nConnection: close\r\n"
            + "Content-Length: 0\r\n\r\n").getBytes(StandardCharsets.US_ASCII);

    private enum Phase {
        AWAITING_HEADERS, IN_REQUEST, IDLE, DONE
    }

    private final HandshakeLimits limits;
    private ChannelHandlerContext ctx;
    private Phase phase = Phase.IDLE;
    private InetAddress address;
    private ScheduledFuture<?> timer;
    /** The current request asked to switch protocols (WebSocket). */
    private boolean upgradeRequested;

    HeaderDeadline(HandshakeLimits limits) {
        this.limits = limits;
    }

    /** The deadline handler of {@code channel}, or null (not installed, or already removed). */
    static HeaderDeadline of(Channel channel) {
        return channel.pipeline().get(HeaderDeadline.class);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        if (ctx.channel().remoteAddress() instanceof InetSocketAddress remote) {
            address = remote.getAddress();
        }
        ctx.fireChannelActive();
        awaitHeaders();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (phase == Phase.IDLE) {
            awaitHeaders();
        } else if (upgradeRequested && phase == Phase.IN_REQUEST && upgraded(ctx)) {
            detach();
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        settle(Phase.DONE);
        ctx.fireChannelInactive();
    }

    /**
     * A request's headers were decoded: the deadline is met.
     *
     * @param upgrade whether the request asks to switch protocols; once it has, the handler leaves the pipeline
     */
    void headersComplete(boolean upgrade) {
        if (phase != Phase.DONE) {
            settle(Phase.IN_REQUEST);
            upgradeRequested = upgrade;
        }
    }

    /** The response to the current request ended (a protocol switch never ends this way). */
    void responseEnded() {
        if (phase == Phase.IN_REQUEST) {
            phase = Phase.IDLE;
            upgradeRequested = false;
        }
    }

    /**
     * Whether the connection switched protocols: the upgrade replaced the HTTP request decoder. Vert.x writes the 101
     * outside the response API, so no end handler tells; the first bytes after it do.
     */
    private static boolean upgraded(ChannelHandlerContext ctx) {
        return ctx.pipeline().get(HttpRequestDecoder.class) == null;
    }

    /** Leaves the connection for good: it is no longer HTTP/1.1 request/response (WebSocket, HTTP/2). */
    void detach() {
        settle(Phase.DONE);
        if (!ctx.isRemoved()) {
            ctx.pipeline().remove(this);
        }
    }

    private void awaitHeaders() {
        if (!limits.pending().tryAcquire(address)) {
            phase = Phase.DONE;
            limits.metrics().limitHit(HandshakeLimits.PENDING_PER_ADDRESS);
            SAMPLED.info("pending_per_address", "connection refused: too many pending handshakes from " + address);
            ctx.close();
            return;
        }
        phase = Phase.AWAITING_HEADERS;
        if (limits.headerTimeoutMillis() > 0) {
            timer = ctx.executor().schedule(this::expire, limits.headerTimeoutMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Leaves the awaiting phase, if in it, for {@code next}. */
    private void settle(Phase next) {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
        if (phase == Phase.AWAITING_HEADERS) {
            limits.pending().release(address); // awaiting headers is exactly when this connection is counted
        }
        phase = next;
    }

    private void expire() {
        timer = null;
        if (phase != Phase.AWAITING_HEADERS) {
            return;
        }
        settle(Phase.DONE);
        limits.metrics().limitHit(HandshakeLimits.HEADER_TIMEOUT);
        SAMPLED.info("header_timeout", "connection closed: request headers incomplete after "
                + limits.headerTimeoutMillis() + " ms from " + address);
        if (ctx.pipeline().get(SslHandler.class) == null) {
            // We sit below every decoder, so these bytes go to the socket as they are; under TLS they would not.
            // Closing at once, not once flushed, so a peer that does not read cannot hold the connection.
            ctx.writeAndFlush(Unpooled.wrappedBuffer(TIMEOUT_RESPONSE));
        }
        ctx.close();
    }
}
