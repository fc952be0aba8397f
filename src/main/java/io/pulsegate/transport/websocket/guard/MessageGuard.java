package io.pulsegate.transport.websocket.guard;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.CodecException;
import io.netty.handler.codec.compression.DecompressionException;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;

/**
 * Second guard, after the permessage-deflate decoder (if any) and right before Vert.x, so it sees what the
 * application will get: checks the inflated message size and validates UTF-8 of text messages incrementally across
 * fragments. Also turns inflater failures into close frames: the inflater is built with a {@code maxAllocation} cap,
 * so a decompression bomb stops allocating at the cap and surfaces here as an exception.
 * <p>
 * Last, it works around a Vert.x 4.5 bug: its message aggregator ({@code WebSocketImplBase.FrameAggregator}) decides
 * whether a continuation belongs to a text or a binary message by which buffer is non-empty, so continuations after
 * an empty first fragment are dropped and the message is never delivered (Autobahn 6.1.2/6.1.3). Empty non-final
 * fragments at the start of a message are therefore held back, and the first fragment with content (or the final
 * one) is passed on as the message's first frame.
 */
final class MessageGuard extends ChannelInboundHandlerAdapter {

    private final ConnectionGuard guard;
    private final Utf8Validator utf8 = new Utf8Validator();
    private long messageBytes;
    private boolean text;
    /** A message has started but only empty fragments have been seen (and held back) so far. */
    private boolean nothingForwarded;

    MessageGuard(ConnectionGuard guard) {
        this.guard = guard;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (guard.rejects(ctx, msg, this::check)) {
            return;
        }
        if (msg instanceof WebSocketFrame frame) {
            forward(ctx, frame);
            return;
        }
        ctx.fireChannelRead(msg);
    }

    private void forward(ChannelHandlerContext ctx, WebSocketFrame frame) {
        boolean start = frame instanceof TextWebSocketFrame || frame instanceof BinaryWebSocketFrame;
        boolean continuation = frame instanceof ContinuationWebSocketFrame;
        if ((start || continuation && nothingForwarded) && !frame.isFinalFragment()
                && !frame.content().isReadable()) {
            nothingForwarded = true;
            frame.release();
            return;
        }
        if (continuation && nothingForwarded) {
            nothingForwarded = false;
            // the new frame takes over the content buffer, so the old holder is not released
            ctx.fireChannelRead(text
                    ? new TextWebSocketFrame(frame.isFinalFragment(), 0, frame.content())
                    : new BinaryWebSocketFrame(frame.isFinalFragment(), 0, frame.content()));
            return;
        }
        if (start) {
            nothingForwarded = false;
        }
        ctx.fireChannelRead(frame);
    }

    private CloseReason check(WebSocketFrame frame) {
        if (frame instanceof TextWebSocketFrame || frame instanceof BinaryWebSocketFrame) {
            messageBytes = 0;
            text = frame instanceof TextWebSocketFrame;
            utf8.reset();
        } else if (!(frame instanceof ContinuationWebSocketFrame)) {
            return null; // control frame; Netty validated close codes and close reasons
        }
        messageBytes += frame.content().readableBytes();
        int cap = guard.messageCompressed ? guard.limits.maxDecompressedMessageSize() : guard.limits.maxMessageSize();
        if (messageBytes > cap) {
            return guard.messageCompressed ? CloseReason.DECOMPRESSED_SIZE : CloseReason.MESSAGE_SIZE;
        }
        if (text && (!utf8.feed(frame.content()) || frame.isFinalFragment() && !utf8.complete())) {
            return CloseReason.UTF8;
        }
        return null;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof DecompressionException || cause.getCause() instanceof DecompressionException) {
            // Netty signals the maxAllocation cap only through the message text (ZlibDecoder.prepareDecompressBuffer).
            String message = String.valueOf(cause.getMessage());
            CloseReason reason = message.contains("maximum size")
                    ? CloseReason.DECOMPRESSED_SIZE
                    : CloseReason.INFLATE;
            guard.fail(ctx, reason, message);
        } else if (cause instanceof CodecException && !guard.failed()) {
            // DeflateDecoder rejecting a frame sequence it cannot inflate
            guard.fail(ctx, CloseReason.PROTOCOL, String.valueOf(cause.getMessage()));
        } else if (!guard.failed()) {
            ctx.fireExceptionCaught(cause);
        }
    }
}
