package io.pulsegate.socketio;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import io.pulsegate.protocol.Result;

/**
 * Stream positions that travel with encoded packets from the shared {@link SocketIoCodec} to the one connection
 * writing them ({@link OutboundPackets}), which turns them into its recovery offset. A trailer follows the packet
 * after {@link #MARK} (a control character JSON never contains raw) and never reaches the client:
 * <ul>
 * <li>{@code C<1|0>} then {@code MARK offset MARK epoch MARK channel} per recoverable channel: the CONNECT reply,
 * recovered or not, with the position of each channel before its recovered publications;
 * <li>{@code P<offset> MARK channel}: a publication;
 * <li>{@code S<offset> MARK epoch MARK channel} (no packet): a server-side subscribe;
 * <li>{@code U MARK channel} (no packet): an unsubscribe.
 * </ul>
 * Channels with control characters are not tracked (they cannot be recovered).
 */
final class Trailers {

    static final byte MARK = 0x1f;

    private Trailers() {
    }

    static boolean trackable(String channel) {
        for (int i = 0; i < channel.length(); i++) {
            if (channel.charAt(i) < 0x20) {
                return false;
            }
        }
        return !channel.isEmpty();
    }

    static byte[] publication(byte[] packet, String channel, long offset) {
        if (offset <= 0 || !trackable(channel)) {
            return packet;
        }
        return concat(packet, "P" + offset, channel);
    }

    static byte[] subscribed(String channel, String epoch, long offset) {
        return trackable(channel) && epoch != null && !epoch.isEmpty()
                ? concat(new byte[0], "S" + offset, epoch, channel)
                : SocketIoCodec.EMPTY;
    }

    static byte[] unsubscribed(String channel) {
        return trackable(channel) ? concat(new byte[0], "U", channel) : SocketIoCodec.EMPTY;
    }

    /** The CONNECT trailer, with {@link #recovered}. */
    static byte[] connect(byte[] packet, Map<String, Result.Subscribe> subs) {
        StringBuilder t = new StringBuilder("C").append(recovered(subs) ? '1' : '0');
        for (Map.Entry<String, Result.Subscribe> e : subs.entrySet()) {
            Result.Subscribe sub = e.getValue();
            if (sub.recoverable() && sub.epoch() != null && !sub.epoch().isEmpty() && trackable(e.getKey())) {
                long start = sub.publications() == null || sub.publications().isEmpty()
                        ? sub.offset()
                        : sub.publications().get(0).offset() - 1;
                t.append((char) MARK).append(start).append((char) MARK).append(sub.epoch()).append((char) MARK)
                        .append(e.getKey());
            }
        }
        return concat(packet, t.toString());
    }

    /** @return whether the client asked to recover and every channel it asked for was recovered */
    static boolean recovered(Map<String, Result.Subscribe> subs) {
        boolean asked = false;
        for (Result.Subscribe sub : subs.values()) {
            if (sub.wasRecovering() && !sub.recovered()) {
                return false;
            }
            asked |= sub.wasRecovering();
        }
        return asked;
    }

    private static byte[] concat(byte[] packet, String... fields) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(packet.length + 32);
        out.writeBytes(packet);
        for (String field : fields) {
            out.write(MARK);
            out.writeBytes(field.getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }
}
