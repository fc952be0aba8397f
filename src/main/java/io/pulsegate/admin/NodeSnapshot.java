package io.pulsegate.admin;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * One node's live numbers, published by that node every second on the admin channel and pushed to the UI. Rates are
 * per second over the last period.
 *
 * @param deliveriesPerSec transport messages written to clients (publications, replies, pings)
 * @param receivedPerSec transport messages received from clients
 * @param publishesPerSec publish commands from clients
 * @param engine {@code up}, {@code down} (engine unreachable) or {@code draining}
 * @param at when the snapshot was taken, epoch milliseconds
 */
record NodeSnapshot(String id, String name, String version, long uptime, long connections, long users,
        long channels, long subscriptions, double deliveriesPerSec, double receivedPerSec, double publishesPerSec,
        String engine, long at) {

    private static final JsonFactory JSON = new JsonFactory();

    byte[] toJson() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("type", "stats");
            g.writeStringField("id", id);
            g.writeStringField("name", name);
            g.writeStringField("version", version);
            g.writeNumberField("uptime", uptime);
            g.writeNumberField("connections", connections);
            g.writeNumberField("users", users);
            g.writeNumberField("channels", channels);
            g.writeNumberField("subscriptions", subscriptions);
            g.writeNumberField("deliveriesPerSec", round(deliveriesPerSec));
            g.writeNumberField("receivedPerSec", round(receivedPerSec));
            g.writeNumberField("publishesPerSec", round(publishesPerSec));
            g.writeStringField("engine", engine);
            g.writeNumberField("at", at);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static NodeSnapshot fromJson(JsonNode n) {
        return new NodeSnapshot(n.path("id").asText(), n.path("name").asText(), n.path("version").asText(),
                n.path("uptime").asLong(), n.path("connections").asLong(), n.path("users").asLong(),
                n.path("channels").asLong(), n.path("subscriptions").asLong(), n.path("deliveriesPerSec").asDouble(),
                n.path("receivedPerSec").asDouble(), n.path("publishesPerSec").asDouble(),
                n.path("engine").asText(), n.path("at").asLong());
    }

    private static double round(double value) {
        return Math.round(value * 10) / 10.0;
    }
}
