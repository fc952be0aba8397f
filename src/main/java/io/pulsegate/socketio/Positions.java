package io.pulsegate.socketio;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import io.pulsegate.protocol.Request;

/**
 * Connection state recovery (Socket.IO 4.6+): where one connection stands in each of its recoverable channels. Every
 * event a client receives ends with this connection's {@link #offset()}, which socket.io-client keeps and sends back
 * in its next CONNECT; {@link #hints} turns it into the recovery positions of a Centrifugo {@code connect}.
 *
 * <p>
 * The offset is {@code <channel as base64url>~<epoch>~<offset>} per channel, joined by {@code .}: opaque to the
 * client, and a forged one only moves the recovery point of channels the connection may read anyway.
 */
final class Positions {

    static final int MAX_CHANNELS = 64;
    private static final int MAX_OFFSET_LENGTH = 8192;
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64_DECODER = Base64.getUrlDecoder();

    private record Position(String encodedChannel, String epoch, long offset) {}

    private final Map<String, Position> byChannel = new LinkedHashMap<>();

    void clear() {
        byChannel.clear();
    }

    void set(String channel, String epoch, long offset) {
        if (byChannel.size() < MAX_CHANNELS || byChannel.containsKey(channel)) {
            byChannel.put(channel, new Position(B64.encodeToString(channel.getBytes(StandardCharsets.UTF_8)), epoch,
                    offset));
        }
    }

    /** A publication of {@code channel} at {@code offset} reached the client. */
    void advance(String channel, long offset) {
        Position p = byChannel.get(channel);
        if (p != null && offset > p.offset) {
            byChannel.put(channel, new Position(p.encodedChannel, p.epoch, offset));
        }
    }

    void remove(String channel) {
        byChannel.remove(channel);
    }

    /** @return the offset string of the client's current state */
    String offset() {
        StringBuilder out = new StringBuilder(byChannel.size() * 32);
        for (Position p : byChannel.values()) {
            if (out.length() > 0) {
                out.append('.');
            }
            out.append(p.encodedChannel).append('~').append(p.epoch).append('~').append(p.offset);
        }
        return out.toString();
    }

    /**
     * @return recovery hints for a {@code connect} from an offset a client sent back; empty when it is malformed (the
     *         connection then starts fresh, which is what a client must expect when recovery fails)
     */
    static Map<String, Request.Subscribe> hints(String offset) {
        Map<String, Request.Subscribe> hints = new LinkedHashMap<>();
        if (offset == null || offset.isEmpty() || offset.length() > MAX_OFFSET_LENGTH) {
            return hints;
        }
        try {
            for (String entry : offset.split("\\.", MAX_CHANNELS + 1)) {
                String[] parts = entry.split("~", 3);
                if (parts.length != 3 || hints.size() == MAX_CHANNELS) {
                    return Map.of();
                }
                String channel = new String(B64_DECODER.decode(parts[0]), StandardCharsets.UTF_8);
                long position = Long.parseLong(parts[2]);
                if (position < 0) {
                    return Map.of();
                }
                hints.put(channel, new Request.Subscribe(channel, "", true, parts[1], position, null, false, false,
                        false, 0, Request.Subscribe.TYPE_STREAM, ""));
            }
        } catch (IllegalArgumentException e) { // bad base64 or number
            return Map.of();
        }
        return hints;
    }
}
