package io.pulsegate.socketio;

import io.pulsegate.protocol.DisconnectCode;
import io.pulsegate.protocol.ProtocolException;

/**
 * The header of one Socket.IO v5 packet inside an Engine.IO message packet:
 * {@code 4<type>[<attachments>-][<namespace>,][<ack id>][<JSON payload>]}. Parsing is strict and bounded: a namespace
 * or ack id that is too long, a binary packet without its attachment count or with more than
 * {@link #MAX_ATTACHMENTS}, or an unknown type is a {@link ProtocolException} with {@code BAD_REQUEST}.
 *
 * @param type Socket.IO packet type ({@link #CONNECT} … {@link #BINARY_ACK})
 * @param namespace {@code "/"} when the packet names none
 * @param ackId the acknowledgement id, {@code -1} when absent
 * @param payloadStart index of the JSON payload in the message, the message length when there is none
 * @param attachments binary packets: how many binary attachments follow; else 0
 * @param headerEnd index after the attachment count ({@code 2} when there is none)
 */
record SocketIoPacket(int type, String namespace, long ackId, int payloadStart, int attachments, int headerEnd) {

    static final int CONNECT = 0;
    static final int DISCONNECT = 1;
    static final int EVENT = 2;
    static final int ACK = 3;
    static final int CONNECT_ERROR = 4;
    static final int BINARY_EVENT = 5;
    static final int BINARY_ACK = 6;

    static final String DEFAULT_NAMESPACE = "/";
    private static final int MAX_NAMESPACE = 128;
    private static final int MAX_ACK_DIGITS = 9;
    /** Binary attachments one packet may announce. */
    static final int MAX_ATTACHMENTS = 16;

    /**
     * @param message an Engine.IO message packet: {@code '4'} then the Socket.IO packet
     */
    static SocketIoPacket parse(byte[] message) throws ProtocolException {
        if (message.length < 2 || message[0] != EnginePackets.MESSAGE) {
            throw bad("not a Socket.IO packet");
        }
        int type = message[1] - '0';
        if (type < CONNECT || type > BINARY_ACK) {
            throw bad("unknown Socket.IO packet type");
        }
        int i = 2;
        int attachments = 0;
        if (type == BINARY_EVENT || type == BINARY_ACK) {
            while (i < message.length && i < 5 && message[i] >= '0' && message[i] <= '9') {
                attachments = attachments * 10 + (message[i++] - '0');
            }
            if (i == 2 || i >= message.length || message[i++] != '-') {
                throw bad("a binary packet needs its attachment count");
            }
            if (attachments < 1 || attachments > MAX_ATTACHMENTS) {
                throw bad("attachment count out of bounds");
            }
        }
        int headerEnd = i;
        String namespace = DEFAULT_NAMESPACE;
        if (i < message.length && message[i] == '/') {
            int comma = indexOf(message, (byte) ',', i, Math.min(message.length, i + MAX_NAMESPACE + 1));
            int end = comma < 0 ? message.length : comma;
            if (comma < 0 && end - i > MAX_NAMESPACE) {
                throw bad("namespace too long");
            }
            namespace = new String(message, i, end - i, java.nio.charset.StandardCharsets.US_ASCII);
            i = comma < 0 ? end : comma + 1;
        }
        long ackId = -1;
        int digits = 0;
        while (i < message.length && message[i] >= '0' && message[i] <= '9') {
            if (++digits > MAX_ACK_DIGITS) {
                throw bad("ack id too long");
            }
            ackId = (ackId < 0 ? 0 : ackId * 10) + (message[i++] - '0');
        }
        return new SocketIoPacket(type, namespace, ackId, i, attachments, headerEnd);
    }

    /** @return whether the packet carries a JSON payload */
    boolean hasPayload(byte[] message) {
        return payloadStart < message.length;
    }

    private static int indexOf(byte[] message, byte b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (message[i] == b) {
                return i;
            }
        }
        return -1;
    }

    static ProtocolException bad(String why) {
        return new ProtocolException(DisconnectCode.BAD_REQUEST, why);
    }
}
