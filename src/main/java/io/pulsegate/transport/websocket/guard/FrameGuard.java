package io.pulsegate.transport.websocket.guard;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrameDecoder;
import io.netty.util.ReferenceCountUtil;
import io.pulsegate.transport.websocket.wire.WireWriter;

/**
 * First guard, right after Netty's frame decoder and before the permessage-deflate decoder, so it sees frames as they
 * came off the wire. Checks RSV bits against what was negotiated, wire frame/message sizes and the fragment count,
 * caps pings and pongs per second, and turns the protocol errors Netty's decoder raises into a close frame with the right code.
 * <p>
 * It also owns the frame decoder's configuration: when the 101 response passes by on its way out, Netty's handshaker
 * has just put Vert.x's frame decoder in place of the HTTP decoder, and we swap it for one configured from our limits.
 * This is what lets permessage-deflate be negotiated by us while Vert.x's own compression support stays off: Vert.x
 * would build its decoder with {@code allowExtensions = false} and reject every RSV1 frame.
 * <p>
 * A close frame on its way out tells the connection's {@link WireWriter} that no data frame may follow.
 */
final class FrameGuard extends ChannelDuplexHandler {

    private static final int RSV1 = 0b100;

    private final ConnectionGuard guard;
    private final WireWriter wire;
    /** Set once the 101 is written; from then on only decoded frames may pass. */
    private boolean upgraded;
    private long messageBytes;
    private int fragments;
    /** Start of the current one-second window of control frames and how many came in it. */
    private long controlWindowStart = System.nanoTime();
    private int controlFrames;

    FrameGuard(ConnectionGuard guard, WireWriter wire) {
        this.guard = guard;
        this.wire = wire;
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
        if (msg instanceof HttpResponse response
                && HttpResponseStatus.SWITCHING_PROTOCOLS.code() == response.status().code()) {
            replaceFrameDecoder(ctx.pipeline());
            upgraded = true;
        } else if (msg instanceof CloseWebSocketFrame) {
            wire.closeSent();
        }
        ctx.write(msg, promise);
    }

    private void replaceFrameDecoder(ChannelPipeline pipeline) {
        ChannelHandlerContext decoder = pipeline.context(WebSocketFrameDecoder.class);
        if (decoder == null) {
            return; // not a WebSocket handshake response (e.g. a plain protocol upgrade)
        }
        WebSocketDecoderConfig config = WebSocketDecoderConfig.newBuilder()
                .maxFramePayloadLength(guard.limits.maxFrameSize())
                .expectMaskedFrames(true)
                .allowMaskMismatch(false)
                .allowExtensions(guard.deflateNegotiated)
                .closeOnProtocolViolation(false) // we send the close frame, see exceptionCaught
                .withUTF8Validator(false) // MessageGuard validates, also after inflation
                .build();
        pipeline.replace(decoder.name(), decoder.name(), new WebSocket13FrameDecoder(config));
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (guard.rejects(ctx, msg, this::check)) {
            return;
        }
        if (!(msg instanceof WebSocketFrame) && upgraded && msg instanceof ByteBuf) {
            // bytes a decoder handed on when it was replaced (sent before the 101, RFC 6455 section 4.1 forbids it):
            // they never went through a frame decoder, so they must not reach Vert.x
            ReferenceCountUtil.release(msg);
            guard.fail(ctx, CloseReason.PROTOCOL, "undecoded bytes after the handshake");
            return;
        }
        ctx.fireChannelRead(msg);
    }

    private CloseReason check(WebSocketFrame frame) {
        int rsv = frame.rsv();
        boolean start = frame instanceof TextWebSocketFrame || frame instanceof BinaryWebSocketFrame;
        boolean data = start || frame instanceof ContinuationWebSocketFrame;
        // RSV2/RSV3 are never defined; RSV1 only by permessage-deflate and only on a message's first frame.
        if ((rsv & ~RSV1) != 0 || (rsv & RSV1) != 0 && !(start && guard.deflateNegotiated)) {
            return CloseReason.RSV;
        }
        if (!data) {
            // control frames: Netty already enforced <= 125 bytes and no fragmentation; a close ends the connection
            return frame instanceof CloseWebSocketFrame || !controlFlood() ? null : CloseReason.CONTROL_FLOOD;
        }
        int size = frame.content().readableBytes();
        if (start) {
            messageBytes = 0;
            fragments = 0;
            guard.messageCompressed = (rsv & RSV1) != 0;
        }
        messageBytes += size;
        fragments++;
        if (size > guard.limits.maxFrameSize()) {
            return CloseReason.FRAME_SIZE;
        }
        if (messageBytes > guard.limits.maxMessageSize()) {
            return CloseReason.MESSAGE_SIZE;
        }
        if (fragments > guard.limits.maxFragments()) {
            return CloseReason.FRAGMENTS;
        }
        return null;
    }

    private boolean controlFlood() {
        long now = System.nanoTime();
        if (now - controlWindowStart >= 1_000_000_000L) {
            controlWindowStart = now;
            controlFrames = 0;
        }
        return ++controlFrames > guard.limits.maxControlFramesPerSecond();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof CorruptedWebSocketFrameException corrupted) {
            guard.fail(ctx, reasonOf(corrupted), String.valueOf(corrupted.getMessage()));
        } else if (!guard.failed()) {
            ctx.fireExceptionCaught(cause);
        }
        // after failing we swallow follow-up exceptions: no stack trace per frame
    }

    private static CloseReason reasonOf(CorruptedWebSocketFrameException e) {
        WebSocketCloseStatus status = e.closeStatus();
        if (WebSocketCloseStatus.MESSAGE_TOO_BIG.equals(status)) {
            return CloseReason.FRAME_SIZE;
        }
        // Netty reports a 1-byte close payload as 1007; RFC 6455 (Autobahn 7.3.2) treats it as a protocol error.
        String message = e.getMessage();
        if (WebSocketCloseStatus.INVALID_PAYLOAD_DATA.equals(status)
                && (message == null || !message.contains("close frame body"))) {
            return CloseReason.UTF8; // invalid UTF-8 in a close reason
        }
        return CloseReason.PROTOCOL;
    }
}
