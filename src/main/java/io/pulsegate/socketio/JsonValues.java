package io.pulsegate.socketio;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** JSON built from raw values, for {@link SocketIoCodec}. */
final class JsonValues {

    private static final byte[] NULL = EnginePackets.ascii("null");

    private JsonValues() {
    }

    static byte[] array(List<byte[]> values) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write('[');
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                out.write(',');
            }
            out.writeBytes(values.get(i));
        }
        out.write(']');
        return out.toByteArray();
    }

    /** A JSON object built from raw field values. */
    static final class JsonObject {
        private final List<byte[]> fields = new ArrayList<>();

        void field(String name, byte[] raw) {
            fields.add((SocketIoCodec.quoted(name) + ":" + new String(raw == null ? NULL : raw, StandardCharsets.UTF_8))
                    .getBytes(StandardCharsets.UTF_8));
        }

        /** @return the object, {@code null} when it has no field */
        byte[] toBytes() {
            if (fields.isEmpty()) {
                return null;
            }
            byte[] list = array(fields);
            list[0] = '{';
            list[list.length - 1] = '}';
            return list;
        }
    }
}
