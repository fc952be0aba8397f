package io.pulsegate.socketio;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.pulsegate.protocol.ProtocolException;

/**
 * Gathers the binary attachments of one connection's BINARY_EVENT and BINARY_ACK packets (Socket.IO v5): the header
 * {@code 451-["ev",{"_placeholder":true,"num":0}]} announces how many binary packets follow (WebSocket binary frames,
 * or Engine.IO {@code b<base64>} packets over polling). Once all arrived, the packet becomes a plain EVENT or ACK
 * whose placeholders are replaced by {@code {"_binary":"<base64>"}}, the JSON form every backend can read.
 *
 * <p>
 * Bounded: at most {@link SocketIoPacket#MAX_ATTACHMENTS} per packet and {@code maxBytes} of attachment data; a
 * binary packet without a header, a text packet while attachments are due, bad base64 and placeholders that name no
 * attachment are {@link ProtocolException}s ({@code BAD_REQUEST}). Session thread only.
 */
final class Attachments {

    static final byte BINARY = 'b';
    private static final Base64.Decoder DECODER = Base64.getDecoder();
    private static final Base64.Encoder ENCODER = Base64.getEncoder();

    private final ObjectMapper mapper;
    private final int maxBytes;
    private final List<String> gathered = new ArrayList<>();
    private byte[] header;
    private SocketIoPacket pending;
    private long bytes;

    /**
     * @param mapper reads the header's JSON (over a limit-enforcing factory)
     * @param maxBytes the most attachment bytes one packet may carry
     */
    Attachments(ObjectMapper mapper, int maxBytes) {
        this.mapper = mapper;
        this.maxBytes = maxBytes;
    }

    /** @return a WebSocket binary frame as the Engine.IO text packet polling would carry: {@code b<base64>} */
    static byte[] binaryPacket(byte[] data) {
        byte[] encoded = ENCODER.encode(data);
        byte[] packet = new byte[encoded.length + 1];
        packet[0] = BINARY;
        System.arraycopy(encoded, 0, packet, 1, encoded.length);
        return packet;
    }

    /**
     * @param packet one inbound Engine.IO packet, binary ones as {@code b<base64>}
     * @return the packet to handle now (a completed binary packet as EVENT or ACK), {@code null} while gathering
     */
    byte[] accept(byte[] packet) throws ProtocolException {
        if (packet.length > 0 && packet[0] == BINARY) {
            return attachment(packet);
        }
        if (pending != null) {
            throw SocketIoPacket.bad("a text packet while binary attachments are due");
        }
        if (packet.length < 2 || packet[0] != EnginePackets.MESSAGE
                || packet[1] != '0' + SocketIoPacket.BINARY_EVENT && packet[1] != '0' + SocketIoPacket.BINARY_ACK) {
            return packet;
        }
        SocketIoPacket parsed = SocketIoPacket.parse(packet);
        if (!parsed.hasPayload(packet)) {
            throw SocketIoPacket.bad("a binary packet needs a payload");
        }
        header = packet;
        pending = parsed;
        return null;
    }

    private byte[] attachment(byte[] packet) throws ProtocolException {
        if (pending == null) {
            throw SocketIoPacket.bad("binary data outside a binary packet");
        }
        byte[] data;
        try {
            data = DECODER.decode(java.util.Arrays.copyOfRange(packet, 1, packet.length));
        } catch (IllegalArgumentException e) {
            throw SocketIoPacket.bad("bad base64 attachment");
        }
        bytes += data.length;
        if (bytes > maxBytes) {
            throw SocketIoPacket.bad("binary attachments too large");
        }
        gathered.add(ENCODER.encodeToString(data));
        if (gathered.size() < pending.attachments()) {
            return null;
        }
        try {
            return reconstruct();
        } finally {
            pending = null;
            header = null;
            gathered.clear();
            bytes = 0;
        }
    }

    /** {@code 4<2|3>[<namespace>,][<ack id>]<payload with placeholders replaced>}. */
    private byte[] reconstruct() throws ProtocolException {
        JsonNode payload;
        try {
            payload = mapper.readTree(header, pending.payloadStart(), header.length - pending.payloadStart());
            payload = replace(payload);
            ByteArrayOutputStream out = new ByteArrayOutputStream(header.length + (int) bytes * 2);
            out.write(EnginePackets.MESSAGE);
            out.write(
                    '0' + (pending.type() == SocketIoPacket.BINARY_EVENT ? SocketIoPacket.EVENT : SocketIoPacket.ACK));
            out.write(header, pending.headerEnd(), pending.payloadStart() - pending.headerEnd());
            out.writeBytes(mapper.writeValueAsBytes(payload));
            return out.toByteArray();
        } catch (JsonProcessingException e) {
            throw SocketIoPacket.bad("malformed JSON payload"); // never the parser's message: it quotes input
        } catch (IOException e) {
            throw SocketIoPacket.bad("unreadable payload");
        }
    }

    private JsonNode replace(JsonNode node) throws ProtocolException {
        if (node instanceof ObjectNode object) {
            JsonNode marker = object.get("_placeholder");
            if (marker != null && marker.isBoolean() && marker.booleanValue()) {
                return placeholder(object.get("num"));
            }
            for (Map.Entry<String, JsonNode> field : iterable(object)) {
                field.setValue(replace(field.getValue()));
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                array.set(i, replace(array.get(i)));
            }
        }
        return node;
    }

    private JsonNode placeholder(JsonNode num) throws ProtocolException {
        if (num == null || !num.isInt() || num.intValue() < 0 || num.intValue() >= gathered.size()) {
            throw SocketIoPacket.bad("illegal attachments");
        }
        return mapper.createObjectNode().put("_binary", gathered.get(num.intValue()));
    }

    private static Iterable<Map.Entry<String, JsonNode>> iterable(ObjectNode object) {
        return object::fields;
    }
}
