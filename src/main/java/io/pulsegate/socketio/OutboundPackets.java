package io.pulsegate.socketio;

import java.util.regex.Pattern;

/**
 * The per-connection end of connection state recovery: reads the {@link Trailers} of packets on their way out,
 * keeps the connection's {@link Positions}, gives the CONNECT reply its {@code pid} (the client's own when it was
 * recovered, else a new one) and appends the current offset to every event. Session thread only.
 */
final class OutboundPackets {

    private static final Pattern PID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private final Positions positions = new Positions();
    private String requestedPid;

    /** The client's CONNECT named the {@code pid} of its previous connection (or none). */
    void connecting(String pid) {
        requestedPid = pid != null && PID.matcher(pid).matches() ? pid : null;
    }

    /** @return the packet to send, or {@code null} when it only carried positions */
    String rewrite(String packet) {
        int mark = packet.indexOf(Trailers.MARK);
        if (mark < 0) {
            return packet;
        }
        String head = packet.substring(0, mark);
        String[] f = packet.substring(mark + 1).split(String.valueOf((char) Trailers.MARK), -1);
        try {
            switch (f[0].charAt(0)) {
                case 'C' -> {
                    positions.clear();
                    for (int i = 1; i + 2 < f.length; i += 3) {
                        positions.set(f[i + 2], f[i + 1], Long.parseLong(f[i]));
                    }
                    String pid = f[0].charAt(1) == '1' && requestedPid != null ? requestedPid : SessionIds.next();
                    return head.substring(0, head.length() - 1) + ",\"pid\":\"" + pid + "\"}";
                }
                case 'P' -> {
                    positions.advance(f[1], Long.parseLong(f[0].substring(1)));
                    return head.substring(0, head.length() - 1) + ",\"" + positions.offset() + "\"]";
                }
                case 'S' -> positions.set(f[2], f[1], Long.parseLong(f[0].substring(1)));
                case 'U' -> positions.remove(f[1]);
                default -> {
                    return head;
                }
            }
        } catch (RuntimeException e) { // our own trailer: cannot happen; send the packet without it
            return head.isEmpty() ? null : head;
        }
        return null;
    }
}
