package io.pulsegate.node;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Node-to-node control messages and their binary encoding (a version byte, a type byte, then fields). Only
 * Pulsegate nodes read them; no reflection.
 */
public sealed interface ControlMessage {

    /** Disconnect a user's connections (or one client) everywhere, except whitelisted client ids. */
    record Disconnect(String user, String client, int code, String reason, List<String> whitelist)
            implements
                ControlMessage {}

    /** Unsubscribe a user's connections (or one client) from a channel everywhere. */
    record Unsubscribe(String user, String client, String channel) implements ControlMessage {}

    /** Subscribe a user's live connections (or one client) to a channel everywhere. */
    record Subscribe(String user, String client, String channel) implements ControlMessage {}

    /** Refresh a user's connections (or one client): expire them, or move their expiry. */
    record Refresh(String user, String client, boolean expired, long expireAt) implements ControlMessage {}

    /** A node's periodic heartbeat for {@code /api/info}. */
    record NodeInfo(String id, String name, String version, long numClients, long numUsers, long numChannels,
            long numSubs, long uptime) implements ControlMessage {}

    /** Commands of a bidirectional-emulation session, posted to a node that does not own it. */
    record Emulation(String node, String session, byte[] data) implements ControlMessage {}

    /**
     * An opaque message for one node, handled there by whoever registered {@code topic}
     * ({@link ControlPlane#onRelay}); lets transport packages route their own traffic without new types here.
     */
    record Relay(String node, String topic, byte[] payload) implements ControlMessage {}

    byte VERSION = 1;

    /** Upper bound of an emulation payload read back (the HTTP endpoint caps bodies far below this). */
    int MAX_EMULATION_DATA = 1 << 20;

    static byte[] encode(ControlMessage message) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            if (message instanceof Disconnect m) {
                out.writeByte('d');
                out.writeUTF(m.user());
                out.writeUTF(m.client());
                out.writeInt(m.code());
                out.writeUTF(m.reason());
                out.writeInt(m.whitelist().size());
                for (String id : m.whitelist()) {
                    out.writeUTF(id);
                }
            } else if (message instanceof Unsubscribe m) {
                out.writeByte('u');
                out.writeUTF(m.user());
                out.writeUTF(m.client());
                out.writeUTF(m.channel());
            } else if (message instanceof Subscribe m) {
                out.writeByte('s');
                out.writeUTF(m.user());
                out.writeUTF(m.client());
                out.writeUTF(m.channel());
            } else if (message instanceof Refresh m) {
                out.writeByte('r');
                out.writeUTF(m.user());
                out.writeUTF(m.client());
                out.writeBoolean(m.expired());
                out.writeLong(m.expireAt());
            } else if (message instanceof Emulation m) {
                out.writeByte('e');
                out.writeUTF(m.node());
                out.writeUTF(m.session());
                out.writeInt(m.data().length);
                out.write(m.data());
            } else if (message instanceof Relay m) {
                out.writeByte('x');
                out.writeUTF(m.node());
                out.writeUTF(m.topic());
                out.writeInt(m.payload().length);
                out.write(m.payload());
            } else if (message instanceof NodeInfo m) {
                out.writeByte('n');
                out.writeUTF(m.id());
                out.writeUTF(m.name());
                out.writeUTF(m.version());
                for (long v : new long[]{m.numClients(), m.numUsers(), m.numChannels(), m.numSubs(), m.uptime()}) {
                    out.writeLong(v);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return bytes.toByteArray();
    }

    /** @return the message, or {@code null} for an unknown version or type (a newer node) */
    static ControlMessage decode(byte[] encoded) throws IOException {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(encoded))) {
            if (in.readByte() != VERSION) {
                return null;
            }
            return switch (in.readByte()) {
                case 'd' -> {
                    String user = in.readUTF();
                    String client = in.readUTF();
                    int code = in.readInt();
                    String reason = in.readUTF();
                    int n = in.readInt();
                    List<String> whitelist = new ArrayList<>();
                    for (int i = 0; i < n; i++) {
                        whitelist.add(in.readUTF());
                    }
                    yield new Disconnect(user, client, code, reason, whitelist);
                }
                case 'u' -> new Unsubscribe(in.readUTF(), in.readUTF(), in.readUTF());
                case 's' -> new Subscribe(in.readUTF(), in.readUTF(), in.readUTF());
                case 'r' -> new Refresh(in.readUTF(), in.readUTF(), in.readBoolean(), in.readLong());
                case 'n' -> new NodeInfo(in.readUTF(), in.readUTF(), in.readUTF(), in.readLong(), in.readLong(),
                        in.readLong(), in.readLong(), in.readLong());
                case 'e' -> {
                    String node = in.readUTF();
                    String session = in.readUTF();
                    int n = in.readInt();
                    if (n < 0 || n > MAX_EMULATION_DATA) {
                        throw new IOException("emulation data length " + n);
                    }
                    yield new Emulation(node, session, in.readNBytes(n));
                }
                case 'x' -> {
                    String node = in.readUTF();
                    String topic = in.readUTF();
                    int n = in.readInt();
                    if (n < 0 || n > MAX_EMULATION_DATA) {
                        throw new IOException("relay payload length " + n);
                    }
                    yield new Relay(node, topic, in.readNBytes(n));
                }
                default -> null;
            };
        }
    }
}
