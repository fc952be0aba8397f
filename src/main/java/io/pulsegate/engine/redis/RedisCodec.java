package io.pulsegate.engine.redis;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import io.pulsegate.protocol.ClientInfo;
import io.pulsegate.protocol.Publication;

/**
 * Compact binary encoding of publications and client infos as stored in streams and sent over pub/sub. Only
 * Pulsegate nodes read it; a version byte leads every value so the format can evolve. No reflection.
 */
final class RedisCodec {

    private static final int VERSION = 1;

    private RedisCodec() {
    }

    /** Flag bit of the optional trailing flags byte: the publisher marked the publication for delta delivery. */
    private static final int FLAG_DELTA = 1;
    /** Flag bit: a map change; the key's UTF-8 bytes follow the flags byte up to the end of the value. */
    private static final int FLAG_KEY = 2;
    /** Flag bit: the map change removes its key. */
    private static final int FLAG_REMOVED = 4;

    /** Encodes everything of a publication except its offset (assigned by Redis). */
    static byte[] publication(Publication p) {
        return publication(p, false);
    }

    /**
     * Encodes a publication with its delivery flags in a trailing byte, which readers of the first format revision
     * ignore (so nodes of both revisions can share a Redis during a rolling upgrade).
     */
    static byte[] publication(Publication p, boolean delta) {
        return write(out -> {
            out.writeByte(VERSION);
            bytes(out, p.data());
            clientInfo(out, p.info());
            Map<String, String> tags = p.tags();
            out.writeInt(tags == null ? -1 : tags.size());
            if (tags != null) {
                for (Map.Entry<String, String> e : tags.entrySet()) {
                    out.writeUTF(e.getKey());
                    out.writeUTF(e.getValue());
                }
            }
            int flags = (delta ? FLAG_DELTA : 0) | (p.key() != null ? FLAG_KEY : 0) | (p.removed() ? FLAG_REMOVED : 0);
            if (flags != 0) {
                out.writeByte(flags);
            }
            if (p.key() != null) {
                out.write(p.key().getBytes(StandardCharsets.UTF_8));
            }
        });
    }

    /**
     * The encoding of a removal of a map key without the key itself: a Lua script appends the key's bytes to get the
     * removal's full encoding (the key is the last field).
     */
    static byte[] removalPrefix() {
        return publication(new Publication(null, null, 0, null).withKey("", true));
    }

    /** A decoded publication with its delivery flag. */
    record Decoded(Publication publication, boolean delta) {}

    static Publication publication(byte[] encoded, long offset) {
        return decode(encoded, offset).publication();
    }

    static Decoded decode(byte[] encoded, long offset) {
        return read(encoded, in -> {
            in.readByte();
            byte[] data = bytes(in);
            ClientInfo info = clientInfo(in);
            int n = in.readInt();
            Map<String, String> tags = null;
            if (n >= 0) {
                tags = new LinkedHashMap<>();
                for (int i = 0; i < n; i++) {
                    tags.put(in.readUTF(), in.readUTF());
                }
            }
            int flags = in.available() > 0 ? in.readByte() : 0;
            String key = (flags & FLAG_KEY) != 0 ? new String(in.readAllBytes(), StandardCharsets.UTF_8) : null;
            return new Decoded(new Publication(data, info, offset, tags, false, key, (flags & FLAG_REMOVED) != 0),
                    (flags & FLAG_DELTA) != 0);
        });
    }

    static byte[] clientInfo(ClientInfo info) {
        return write(out -> {
            out.writeByte(VERSION);
            clientInfo(out, info);
        });
    }

    static ClientInfo clientInfo(byte[] encoded) {
        return read(encoded, in -> {
            in.readByte();
            return clientInfo(in);
        });
    }

    private static void clientInfo(DataOutputStream out, ClientInfo info) throws IOException {
        out.writeBoolean(info != null);
        if (info != null) {
            out.writeUTF(info.user());
            out.writeUTF(info.client());
            bytes(out, info.connInfo());
            bytes(out, info.chanInfo());
        }
    }

    private static ClientInfo clientInfo(DataInputStream in) throws IOException {
        if (!in.readBoolean()) {
            return null;
        }
        return new ClientInfo(in.readUTF(), in.readUTF(), bytes(in), bytes(in));
    }

    private static void bytes(DataOutputStream out, byte[] b) throws IOException {
        out.writeInt(b == null ? -1 : b.length);
        if (b != null) {
            out.write(b);
        }
    }

    private static byte[] bytes(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            return null;
        }
        if (n > in.available()) { // a corrupt length must not allocate up to 2 GiB before readFully fails
            throw new EOFException("length " + n + " beyond the payload");
        }
        byte[] b = new byte[n];
        in.readFully(b);
        return b;
    }

    private interface Writer {
        void write(DataOutputStream out) throws IOException;
    }

    private interface Reader<T> {
        T read(DataInputStream in) throws IOException;
    }

    private static byte[] write(Writer writer) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            writer.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static <T> T read(byte[] encoded, Reader<T> reader) {
        try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(encoded))) {
            return reader.read(in);
        } catch (IOException e) {
            throw new UncheckedIOException("corrupt engine payload", e);
        }
    }
}
