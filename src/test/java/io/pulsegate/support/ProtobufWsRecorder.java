package io.pulsegate.support;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.google.protobuf.MessageLite;

import io.pulsegate.protocol.protobuf.wire.ClientProtocol;

/**
 * A JDK WebSocket client listener for the Protobuf protocol: splits binary frames into length-delimited
 * {@code Reply} messages, counts text frames (which a Protobuf connection must never receive) and records the close
 * code.
 */
public final class ProtobufWsRecorder implements WebSocket.Listener {

    public final LinkedBlockingQueue<ClientProtocol.Reply> replies = new LinkedBlockingQueue<>();
    public final LinkedBlockingQueue<byte[]> frames = new LinkedBlockingQueue<>();
    public final AtomicInteger textFrames = new AtomicInteger();
    public final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();

    /** Opens a connection offering {@code subprotocols} (none when empty). */
    public static WebSocket open(HttpClient http, URI uri, ProtobufWsRecorder recorder, String... subprotocols) {
        WebSocket.Builder builder = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
        if (subprotocols.length > 0) {
            builder.subprotocols(subprotocols[0], java.util.Arrays.copyOfRange(subprotocols, 1, subprotocols.length));
        }
        return builder.buildAsync(uri, recorder).join();
    }

    /** @return {@code messages} as one binary frame of length-delimited items */
    public static ByteBuffer frame(MessageLite... messages) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            for (MessageLite m : messages) {
                m.writeDelimitedTo(out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return ByteBuffer.wrap(out.toByteArray());
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
        byte[] chunk = new byte[data.remaining()];
        data.get(chunk);
        partial.writeBytes(chunk);
        if (last) {
            byte[] frame = partial.toByteArray();
            partial.reset();
            frames.add(frame);
            ByteArrayInputStream in = new ByteArrayInputStream(frame);
            try {
                ClientProtocol.Reply reply;
                while ((reply = ClientProtocol.Reply.parseDelimitedFrom(in)) != null) {
                    replies.add(reply);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        ws.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
        textFrames.incrementAndGet();
        ws.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int code, String reason) {
        closed.complete(code);
        return null;
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
        closed.complete(1006);
    }

    /** @return the next reply, failing after 5 s */
    public ClientProtocol.Reply next() throws InterruptedException {
        ClientProtocol.Reply r = replies.poll(5, TimeUnit.SECONDS);
        assertNotNull(r, "reply expected");
        return r;
    }

    /** @return the close code, failing after {@code seconds} */
    public int closeCode(long seconds) throws Exception {
        return closed.get(seconds, TimeUnit.SECONDS);
    }
}
