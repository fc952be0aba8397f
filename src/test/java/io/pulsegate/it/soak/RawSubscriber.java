package io.pulsegate.it.soak;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.pulsegate.auth.DevTokens;

/**
 * A raw JSON-protocol subscriber for the soak, doing what an SDK does and nothing more: connect, subscribe to its
 * channels, answer pings, and after any close reconnect (jittered backoff) and resubscribe with {@code recover} from
 * the last position it holds. Every subscribe reply, publication and gap goes to the {@link SoakChecker}. Callbacks of
 * one JDK WebSocket arrive one at a time; the fields they touch are confined to them and to {@link #connect()}, which
 * runs only after the previous socket closed.
 */
final class RawSubscriber implements WebSocket.Listener {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String name;
    private final List<String> channels;
    private final URI uri;
    private final String token;
    private final HttpClient http;
    private final SoakChecker checker;
    private final ScheduledExecutorService timers;
    private final Map<String, SoakChecker.Position> positions = new ConcurrentHashMap<>();
    private final Map<Integer, String> pendingSubscribes = new ConcurrentHashMap<>();
    private final StringBuilder partial = new StringBuilder();
    private final AtomicInteger reconnects = new AtomicInteger();
    private volatile boolean stopped;
    private volatile WebSocket socket;
    private final AtomicInteger nextId = new AtomicInteger();

    RawSubscriber(String name, List<String> channels, URI uri, String secret, HttpClient http, SoakChecker checker,
            ScheduledExecutorService timers) {
        this.name = name;
        this.channels = channels;
        this.uri = uri;
        this.token = DevTokens.connectionToken(secret, name, Duration.ofHours(2));
        this.http = http;
        this.checker = checker;
        this.timers = timers;
    }

    int reconnects() {
        return reconnects.get();
    }

    void connect() {
        if (stopped) {
            return;
        }
        http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(3)).buildAsync(uri, this)
                .whenComplete((ws, error) -> {
                    if (error != null) {
                        retry();
                    } else {
                        socket = ws;
                        ws.sendText(handshake(), true);
                    }
                });
    }

    private String handshake() {
        pendingSubscribes.clear();
        StringBuilder frame = new StringBuilder("{\"id\":" + nextId.incrementAndGet() + ",\"connect\":{\"token\":\""
                + token + "\"}}");
        for (String channel : channels) {
            int id = nextId.incrementAndGet();
            pendingSubscribes.put(id, channel);
            frame.append('\n').append(subscribe(id, channel));
        }
        return frame.toString();
    }

    private String subscribe(int id, String channel) {
        SoakChecker.Position at = positions.get(channel);
        String recover = at == null
                ? ""
                : ",\"recover\":true,\"offset\":" + at.offset() + ",\"epoch\":\"" + at.epoch() + "\"";
        return "{\"id\":" + id + ",\"subscribe\":{\"channel\":\"" + channel + "\"" + recover + "}}";
    }

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            String frame = partial.toString();
            partial.setLength(0);
            for (String item : frame.split("\n")) {
                handle(ws, item);
            }
        }
        ws.request(1);
        return null;
    }

    private void handle(WebSocket ws, String item) {
        if (item.equals("{}")) {
            ws.sendText("{}", true);
            return;
        }
        try {
            JsonNode node = JSON.readTree(item);
            if (node.has("push")) {
                push(ws, node.get("push"));
            } else if (node.has("subscribe")) {
                subscribed(pendingSubscribes.remove(node.get("id").asInt()), node.get("subscribe"));
            } else if (node.has("error")) {
                ws.sendClose(1000, "error reply");
            }
        } catch (Exception e) {
            checker.problem(name + ": cannot handle " + item + ": " + e);
        }
    }

    private void subscribed(String channel, JsonNode result) {
        SoakChecker.Position held = positions.get(channel);
        boolean recovered = result.path("recovered").asBoolean(false);
        String epoch = result.path("epoch").asText();
        long top = result.path("offset").asLong(0); // zero is omitted on the wire
        checker.stream(name, channel).subscribed(epoch, top, held != null, recovered);
        for (JsonNode pub : result.path("publications")) {
            checker.stream(name, channel).delivered(pub.get("offset").asLong());
        }
        positions.put(channel, new SoakChecker.Position(epoch, top));
    }

    private void push(WebSocket ws, JsonNode push) {
        String channel = push.path("channel").asText();
        if (push.has("pub")) {
            delivered(channel, push.get("pub").get("offset").asLong());
        } else if (push.has("unsubscribe")) {
            int id = nextId.incrementAndGet();
            pendingSubscribes.put(id, channel);
            ws.sendText(subscribe(id, channel), true);
        }
    }

    private void delivered(String channel, long offset) {
        checker.stream(name, channel).delivered(offset);
        SoakChecker.Position at = positions.get(channel);
        positions.put(channel, new SoakChecker.Position(at.epoch(), offset));
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int code, String reason) {
        retry();
        return null;
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
        retry();
    }

    private void retry() {
        if (stopped) {
            return;
        }
        reconnects.incrementAndGet();
        timers.schedule(this::connect, ThreadLocalRandom.current().nextLong(100, 600), TimeUnit.MILLISECONDS);
    }

    void stop() {
        stopped = true;
        WebSocket ws = socket;
        if (ws != null) {
            ws.abort();
        }
    }
}
