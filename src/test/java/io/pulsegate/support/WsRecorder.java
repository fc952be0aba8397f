package io.pulsegate.support;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A JDK WebSocket client listener that records protocol items (text frames split on the JSON batch separator) and
 * the close code with the moment it arrived.
 */
public final class WsRecorder implements WebSocket.Listener {

    public final LinkedBlockingQueue<String> messages = new LinkedBlockingQueue<>();
    public final CompletableFuture<Integer> closed = new CompletableFuture<>();
    public volatile long closedAtNanos;
    private final StringBuilder partial = new StringBuilder();

    /** Opens a connection with extra handshake headers; fails with the handshake error if refused. */
    public static WebSocket open(HttpClient http, URI uri, WsRecorder recorder, Map<String, String> headers) {
        WebSocket.Builder builder = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
        headers.forEach(builder::header);
        return builder.buildAsync(uri, recorder).join();
    }

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            for (String item : partial.toString().split("\n")) {
                messages.add(item);
            }
            partial.setLength(0);
        }
        ws.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int code, String reason) {
        closedAtNanos = System.nanoTime();
        closed.complete(code);
        return null;
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
        closedAtNanos = System.nanoTime();
        closed.complete(1006);
    }

    /** @return the next protocol item, failing after 5 s */
    public String next() throws InterruptedException {
        String m = messages.poll(5, TimeUnit.SECONDS);
        assertNotNull(m, "message expected");
        return m;
    }

    /** @return the close code, failing after {@code seconds} */
    public int closeCode(long seconds) throws Exception {
        return closed.get(seconds, TimeUnit.SECONDS);
    }
}
