package io.pulsegate.it;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.pulsegate.auth.DevTokens;

/**
 * A raw JSON-protocol client over the JDK WebSocket: what a JSON SDK sends, without an SDK. Records each protocol
 * item (text frames split on the newline batch separator) and the close code.
 */
final class JsonWsClient implements WebSocket.Listener, AutoCloseable {

    final LinkedBlockingQueue<String> items = new LinkedBlockingQueue<>();
    final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final StringBuilder partial = new StringBuilder();
    private WebSocket ws;
    private int nextId = 1;

    /** Opens a connection and sends connect plus one subscribe per channel in one frame; waits for the replies. */
    static JsonWsClient connect(GatewayProcess gateway, String user, String... channels) throws Exception {
        JsonWsClient client = new JsonWsClient();
        client.ws = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5))
                .buildAsync(URI.create(gateway.webSocketUrl()), client).get(10, TimeUnit.SECONDS);
        String token = DevTokens.connectionToken(CentrifugeJsIT.HMAC_SECRET, user, Duration.ofMinutes(10));
        StringBuilder frame = new StringBuilder("{\"id\":" + client.nextId++ + ",\"connect\":{\"token\":\"" + token
                + "\"}}");
        for (String channel : channels) {
            frame.append("\n{\"id\":").append(client.nextId++).append(",\"subscribe\":{\"channel\":\"")
                    .append(channel).append("\"}}");
        }
        client.ws.sendText(frame, true).get(5, TimeUnit.SECONDS);
        for (int i = 0; i <= channels.length; i++) {
            String reply = client.next();
            if (reply.contains("\"error\"")) {
                throw new AssertionError("JSON client handshake failed: " + reply);
            }
        }
        return client;
    }

    /** Sends one command body, e.g. {@code "publish":{...}}, with the next id. */
    void send(String method, String body) throws Exception {
        ws.sendText("{\"id\":" + nextId++ + ",\"" + method + "\":" + body + "}", true).get(5, TimeUnit.SECONDS);
    }

    /** @return the next protocol item, failing after 10 s */
    String next() throws InterruptedException {
        String item = items.poll(10, TimeUnit.SECONDS);
        assertNotNull(item, "JSON client: item expected");
        return item;
    }

    /** @return the next item that is a publication push */
    String nextPublication() throws InterruptedException {
        while (true) {
            String item = next();
            if (item.contains("\"pub\":")) {
                return item;
            }
        }
    }

    @Override
    public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            for (String item : partial.toString().split("\n")) {
                items.add(item);
            }
            partial.setLength(0);
        }
        socket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket socket, int code, String reason) {
        closed.complete(code);
        return null;
    }

    @Override
    public void onError(WebSocket socket, Throwable error) {
        closed.complete(1006);
    }

    @Override
    public void close() {
        if (ws != null && !ws.isOutputClosed()) {
            ws.sendClose(1000, "").exceptionally(e -> null);
        }
    }
}
