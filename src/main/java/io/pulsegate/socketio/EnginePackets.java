package io.pulsegate.socketio;

import java.nio.charset.StandardCharsets;

/** Engine.IO v4 packet types (the first character of a text packet) and the handshake packet. */
final class EnginePackets {

    static final byte OPEN = '0';
    static final byte CLOSE = '1';
    static final byte PING = '2';
    static final byte PONG = '3';
    static final byte MESSAGE = '4';
    static final byte UPGRADE = '5';
    static final byte NOOP = '6';
    /** Separates packets in one payload (HTTP long-polling) and in one of our joined messages. */
    static final byte SEPARATOR = 0x1e;

    static final byte[] PING_PACKET = {PING};

    private EnginePackets() {
    }

    /** Receives one packet of a joined payload as {@code payload[from, to)}. */
    @FunctionalInterface
    interface Range {
        void accept(int from, int to);
    }

    /** Calls {@code each} for every non-empty packet of a payload joined by {@link #SEPARATOR}, in order. */
    static void split(byte[] payload, Range each) {
        int start = 0;
        for (int i = 0; i <= payload.length; i++) {
            if (i == payload.length || payload[i] == SEPARATOR) {
                if (i > start) {
                    each.accept(start, i);
                }
                start = i + 1;
            }
        }
    }

    /**
     * The handshake: {@code 0{"sid":…,"upgrades":[],"pingInterval":…,"pingTimeout":…,"maxPayload":…}}.
     *
     * @param sid an Engine.IO session id: URL-safe characters only
     */
    static String open(String sid, boolean upgradable, long pingIntervalMillis, long pingTimeoutMillis,
            int maxPayload) {
        return "0{\"sid\":\"" + sid + "\",\"upgrades\":" + (upgradable ? "[\"websocket\"]" : "[]")
                + ",\"pingInterval\":" + pingIntervalMillis
                + ",\"pingTimeout\":" + pingTimeoutMillis + ",\"maxPayload\":" + maxPayload + "}";
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
