package io.pulsegate.transport.websocket.wire;

import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.pulsegate.client.Transport.WriteCallback;

/**
 * Writes data frames of one WebSocket connection straight into its Netty pipeline (ADR 0009). The bytes a publication
 * was encoded to once are wrapped, not copied or decoded, so a subscriber costs a frame object and a socket write;
 * websockets-next's {@code sendText} would make a {@code String} per subscriber and encode it back.
 *
 * <p>
 * Frames enter at the pipeline's tail, the way Vert.x writes its own frames, so they pass every outbound handler:
 * the guard, the permessage-deflate encoder, the frame encoder. On a deflate connection a whole message of at least
 * {@value #COMPRESSION_THRESHOLD} bytes is compressed once for all subscribers ({@link SharedDeflater}) and marked
 * with RSV1, which Netty's encoder leaves alone; smaller messages go uncompressed (RFC 7692 lets the sender choose per
 * message, and deflating a small push costs more CPU than it saves bytes; the Node ws library uses the same
 * threshold). Control frames and closes remain websockets-next's. Called on the connection's event loop.
 */
public final class WireWriter {

    /** Messages below this size are sent uncompressed even when permessage-deflate was negotiated. */
    public static final int COMPRESSION_THRESHOLD = 1024;
    private static final int RSV1 = 0b100;

    private final Channel channel;
    private final SharedDeflater deflater;
    private boolean closeSent;

    /** @param deflater the shared deflater when permessage-deflate was negotiated, else {@code null} */
    public WireWriter(Channel channel, SharedDeflater deflater) {
        this.channel = channel;
        this.deflater = deflater;
    }

    /** The guard saw a close frame go out: no data frame may follow it (RFC 6455 section 5.5.1). */
    public void closeSent() {
        closeSent = true;
    }

    Channel channel() {
        return channel;
    }

    /** Whether data frames can still be written. */
    public boolean open() {
        return !closeSent && channel.isActive();
    }

    /** Writes one message as one text or binary frame. */
    public void write(byte[] message, boolean binary, WriteCallback done) {
        if (!open()) {
            done.completed(false);
            return;
        }
        int rsv = 0;
        byte[] payload = message;
        if (deflater != null && message.length >= COMPRESSION_THRESHOLD) {
            payload = deflater.compress(message);
            rsv = RSV1;
        }
        ByteBuf content = Unpooled.wrappedBuffer(payload);
        WebSocketFrame frame = binary
                ? new BinaryWebSocketFrame(true, rsv, content)
                : new TextWebSocketFrame(true, rsv, content);
        channel.writeAndFlush(frame, completion(done));
    }

    /**
     * Writes the {@code '\n'}-separated items of a joined JSON message as one text frame each, in one flush (clients
     * of uni_websocket parse one push per frame). Items of compressible size are deflated by the pipeline's encoder.
     */
    public void writeLines(byte[] joined, WriteCallback done) {
        if (!open()) {
            done.completed(false);
            return;
        }
        ByteBuf all = Unpooled.wrappedBuffer(joined);
        int start = 0;
        for (int i = 0; i <= joined.length; i++) {
            if (i == joined.length || joined[i] == '\n') {
                boolean last = i == joined.length;
                TextWebSocketFrame frame = new TextWebSocketFrame(true, 0, all.retainedSlice(start, i - start));
                if (last) {
                    channel.write(frame, completion(done));
                } else {
                    channel.write(frame);
                }
                start = i + 1;
            }
        }
        all.release();
        channel.flush();
    }

    /** Writes each text as its own frame, in one flush. */
    public void writeTexts(List<String> texts, WriteCallback done) {
        if (!open() || texts.isEmpty()) {
            done.completed(open());
            return;
        }
        for (int i = 0; i < texts.size(); i++) {
            TextWebSocketFrame frame = new TextWebSocketFrame(texts.get(i));
            if (i == texts.size() - 1) {
                channel.write(frame, completion(done));
            } else {
                channel.write(frame);
            }
        }
        channel.flush();
    }

    private ChannelPromise completion(WriteCallback done) {
        ChannelPromise promise = channel.newPromise();
        promise.addListener((ChannelFutureListener) future -> done.completed(future.isSuccess()));
        return promise;
    }
}
