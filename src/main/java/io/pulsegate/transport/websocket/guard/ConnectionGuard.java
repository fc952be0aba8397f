package io.pulsegate.transport.websocket.guard;

import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import org.jboss.logging.Logger;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.ReferenceCountUtil;

/**
 * Per-connection state shared by {@link FrameGuard} (before inflation) and {@link MessageGuard} (after inflation),
 * and the single way a guard fails a connection: one close frame with code and reason, then TCP close. Only touched
 * from the channel's event loop, so no synchronisation.
 */
final class ConnectionGuard {

    private static final Logger LOG = Logger.getLogger(ConnectionGuard.class);
    /** A peer that never reads could keep the close frame unflushed forever; close TCP anyway after this. */
    private static final long CLOSE_FLUSH_TIMEOUT_SECONDS = 5;

    final GuardLimits limits;
    final boolean deflateNegotiated;
    private final GuardMetrics metrics;
    private boolean failed;
    /** Whether the message currently being received has RSV1 set on its first frame (permessage-deflate). */
    boolean messageCompressed;

    ConnectionGuard(GuardLimits limits, boolean deflateNegotiated, GuardMetrics metrics) {
        this.limits = limits;
        this.deflateNegotiated = deflateNegotiated;
        this.metrics = metrics;
    }

    /** True once the connection has been failed; every later inbound message is dropped. */
    boolean failed() {
        return failed;
    }

    /**
     * The shared front of both guard handlers: drops everything once the connection failed, and fails it when a frame
     * breaks {@code check}. Runs on the channel's event loop.
     *
     * @return whether {@code msg} was consumed (released) and must not travel further
     */
    boolean rejects(ChannelHandlerContext ctx, Object msg, Function<WebSocketFrame, CloseReason> check) {
        if (failed) {
            ReferenceCountUtil.release(msg);
            return true;
        }
        if (msg instanceof WebSocketFrame frame) {
            CloseReason violation = check.apply(frame);
            if (violation != null) {
                ReferenceCountUtil.release(msg);
                fail(ctx, violation, frame.getClass().getSimpleName());
                return true;
            }
        }
        return false;
    }

    /**
     * Fails the connection: sends a close frame, closes TCP once it is flushed. Idempotent, so a burst of bad frames
     * produces one close frame, one log line and one metric increment.
     * <p>
     * Both the write and the close start at the guard's own context, i.e. below Vert.x's handler: a
     * {@code channel.close()} would pass through Vert.x, which turns it into a second close frame (1000).
     */
    void fail(ChannelHandlerContext ctx, CloseReason reason, String detail) {
        if (failed) {
            return;
        }
        failed = true;
        metrics.rejected(reason);
        LOG.debugf("Failing WebSocket %s with %d (%s): %s", ctx.channel().remoteAddress(), reason.code(),
                reason.tag(), detail);
        if (!ctx.channel().isActive()) {
            return;
        }
        ctx.writeAndFlush(new CloseWebSocketFrame(reason.code(), reason.text())).addListener(written -> ctx.close());
        ctx.executor().schedule(() -> {
            ctx.close();
        }, CLOSE_FLUSH_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }
}
