package io.pulsegate.transport.stream;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import io.pulsegate.protocol.StreamPosition;

/**
 * Follows the stream position of every positioned channel of one uni_sse connection by reading the bare pushes it
 * writes ({@code connect} subs, {@code subscribe}, {@code pub} offsets, {@code unsubscribe}), so the {@code id:} of
 * each event names exactly what was written before it: a position advanced at write time, never ahead of the socket.
 * Reads our own encoder's output with Jackson's streaming parser, skipping payloads. Connection thread only.
 */
final class SsePositions {

    private static final JsonFactory JSON = new JsonFactory();

    private final Map<String, StreamPosition> positions = new LinkedHashMap<>();
    private final List<String> unrecovered = new ArrayList<>();

    /** @return whether {@code item} (one bare push) moved a position, so the event should carry a new id */
    boolean observe(byte[] item) {
        try (JsonParser p = JSON.createParser(item)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return false;
            }
            String channel = null;
            long offset = -1;
            Map<String, Sub> subs = null;
            Sub subscribe = null;
            boolean unsubscribe = false;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                switch (name) {
                    case "channel" -> channel = text(p);
                    case "pub" -> offset = pubOffset(p);
                    case "subscribe" -> subscribe = sub(p);
                    case "unsubscribe" -> {
                        unsubscribe = true;
                        p.skipChildren();
                    }
                    case "connect" -> subs = connectSubs(p);
                    default -> p.skipChildren();
                }
            }
            return apply(channel, offset, subs, subscribe, unsubscribe);
        } catch (IOException e) {
            return false;
        }
    }

    private boolean apply(String channel, long offset, Map<String, Sub> subs, Sub subscribe, boolean unsubscribe) {
        if (subs != null) {
            subs.forEach((ch, s) -> {
                if (!ch.isEmpty() && s.epoch != null && !s.epoch.isEmpty()) {
                    positions.put(ch, new StreamPosition(s.offset, s.epoch));
                }
                if (s.wasRecovering && !s.recovered) {
                    unrecovered.add(ch);
                }
            });
            return !positions.isEmpty();
        }
        if (channel == null || channel.isEmpty()) {
            return false; // an empty channel has no id entry (LastEventId rejects it), so it is never tracked
        }
        if (subscribe != null && subscribe.epoch != null && !subscribe.epoch.isEmpty()) {
            positions.put(channel, new StreamPosition(subscribe.offset, subscribe.epoch));
            return true;
        }
        if (unsubscribe) {
            return positions.remove(channel) != null;
        }
        StreamPosition current = positions.get(channel);
        if (offset > 0 && current != null && offset > current.offset()) {
            positions.put(channel, new StreamPosition(offset, current.epoch()));
            return true;
        }
        return false;
    }

    /** @return the current id value */
    String id() {
        return LastEventId.encode(positions);
    }

    /** @return channels a recovery was asked for and failed (once; cleared by the call) */
    List<String> takeUnrecovered() {
        List<String> out = List.copyOf(unrecovered);
        unrecovered.clear();
        return out;
    }

    private static long pubOffset(JsonParser p) throws IOException {
        long offset = -1;
        if (p.currentToken() != JsonToken.START_OBJECT) {
            p.skipChildren();
            return offset;
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            if (name.equals("offset") && p.currentToken() == JsonToken.VALUE_NUMBER_INT) {
                offset = p.getLongValue();
            } else {
                p.skipChildren();
            }
        }
        return offset;
    }

    /** @return the highest offset of a publications array (recovered publications precede live ones) */
    private static long lastOffset(JsonParser p) throws IOException {
        long max = 0;
        if (p.currentToken() != JsonToken.START_ARRAY) {
            p.skipChildren();
            return max;
        }
        while (p.nextToken() == JsonToken.START_OBJECT) {
            max = Math.max(max, pubOffset(p));
        }
        return max;
    }

    private static Map<String, Sub> connectSubs(JsonParser p) throws IOException {
        Map<String, Sub> subs = new LinkedHashMap<>();
        if (p.currentToken() != JsonToken.START_OBJECT) {
            p.skipChildren();
            return subs;
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            if (name.equals("subs") && p.currentToken() == JsonToken.START_OBJECT) {
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String channel = p.currentName();
                    p.nextToken();
                    subs.put(channel, sub(p));
                }
            } else {
                p.skipChildren();
            }
        }
        return subs;
    }

    private static Sub sub(JsonParser p) throws IOException {
        Sub s = new Sub();
        if (p.currentToken() != JsonToken.START_OBJECT) {
            p.skipChildren();
            return s;
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            switch (name) {
                case "epoch" -> s.epoch = text(p);
                case "offset" -> s.offset = Math.max(s.offset, p.getLongValue());
                case "publications" -> s.offset = Math.max(s.offset, lastOffset(p));
                case "recovered" -> s.recovered = p.getBooleanValue();
                case "was_recovering" -> s.wasRecovering = p.getBooleanValue();
                default -> p.skipChildren();
            }
        }
        return s;
    }

    /** @return the current string value, or {@code null} (skipping it) for any other value */
    private static String text(JsonParser p) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_STRING) {
            return p.getText();
        }
        p.skipChildren();
        return null;
    }

    /** One channel's state as a connect or subscribe push reports it. */
    private static final class Sub {
        String epoch;
        long offset;
        boolean recovered;
        boolean wasRecovering;
    }
}
