package io.pulsegate.admin;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;

/**
 * The live data of the admin UI: once a second this node takes its snapshot and publishes it on the
 * {@link AdminChannel}; what arrives there from every node is kept (until it is three periods old) and pushed to each
 * open {@code <path>/api/live} Server-Sent-Events stream as one {@code nodes} event. A stream whose session ended is
 * closed; a stream that cannot keep up skips ticks instead of buffering. Timer and delivery threads; nothing blocks.
 */
final class AdminLive {

    static final long PERIOD_MS = 1_000;

    private record Stream(HttpServerResponse response, BooleanSupplier valid) {}

    private static final JsonFactory JSON = new JsonFactory();

    private final LocalStats local;
    private final Map<String, NodeSnapshot> nodes = new ConcurrentHashMap<>();
    private final Map<HttpServerResponse, Stream> streams = new ConcurrentHashMap<>();
    private AdminChannel channel;

    AdminLive(LocalStats local) {
        this.local = local;
    }

    void channel(AdminChannel channel) {
        this.channel = channel;
    }

    /** A node's snapshot arrived on the admin channel. */
    void onSnapshot(JsonNode data) {
        NodeSnapshot snapshot = NodeSnapshot.fromJson(data);
        nodes.put(snapshot.id(), snapshot);
    }

    /** Opens an event stream; {@code valid} is asked every tick whether its session still holds. */
    void open(HttpServerResponse response, BooleanSupplier valid) {
        response.setChunked(true).putHeader("Content-Type", "text/event-stream").putHeader("Cache-Control",
                "no-store").putHeader("X-Accel-Buffering", "no");
        response.write("retry: 2000\n\n");
        streams.put(response, new Stream(response, valid));
        response.closeHandler(v -> streams.remove(response));
        push(eventOf(), streams.get(response));
    }

    /** @return open streams on this node */
    int streamCount() {
        return streams.size();
    }

    /** The periodic tick: publish this node's snapshot, push the fleet's to every stream. */
    void tick() {
        channel.ensureSubscribed();
        channel.publish(local.take(channel.subscribed()).toJson());
        long cutoff = System.currentTimeMillis() - 3 * PERIOD_MS;
        nodes.values().removeIf(s -> s.at() < cutoff);
        if (streams.isEmpty()) {
            return;
        }
        Buffer event = eventOf();
        streams.values().forEach(s -> push(event, s));
    }

    private void push(Buffer event, Stream stream) {
        if (!stream.valid().getAsBoolean()) {
            streams.remove(stream.response());
            stream.response().end("event: signed-out\ndata: {}\n\n");
            return;
        }
        if (!stream.response().writeQueueFull()) {
            stream.response().write(event);
        }
    }

    private Buffer eventOf() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeNumberField("at", System.currentTimeMillis());
            g.writeArrayFieldStart("nodes");
            nodes.values().stream().sorted(java.util.Comparator.comparing(NodeSnapshot::name).thenComparing(
                    NodeSnapshot::id)).forEach(s -> raw(g, s.toJson()));
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Buffer.buffer("event: nodes\ndata: " + out.toString(StandardCharsets.UTF_8) + "\n\n");
    }

    private static void raw(JsonGenerator g, byte[] json) {
        try {
            g.writeRawValue(new String(json, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
