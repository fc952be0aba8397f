package io.pulsegate.protocol.json;

import java.util.List;

import com.fasterxml.jackson.core.JsonFactory;

import io.pulsegate.protocol.Command;
import io.pulsegate.protocol.ProtocolCodec;
import io.pulsegate.protocol.ProtocolException;
import io.pulsegate.protocol.ProtocolFormat;
import io.pulsegate.protocol.Push;
import io.pulsegate.protocol.Reply;

/**
 * The JSON variant of the Centrifugo client protocol v2: newline-delimited JSON objects, payloads embedded as raw JSON.
 *
 * <p>
 * Built on Jackson's streaming API only (no data binding, no reflection), so it needs no native-image configuration.
 * Every decode failure is a {@link ProtocolException} with {@code BAD_REQUEST}; Jackson exceptions and their messages,
 * which quote client input, never escape. Stateless and thread-safe.
 */
public final class JsonCodec implements ProtocolCodec {

    private final JsonFactory factory;
    private final JsonCommandDecoder decoder;
    private final JsonReplyEncoder encoder;

    /** A codec with {@link JsonLimits#DEFAULTS}. */
    public JsonCodec() {
        this(JsonLimits.DEFAULTS);
    }

    public JsonCodec(JsonLimits limits) {
        this.factory = limits.newFactory();
        this.decoder = new JsonCommandDecoder(factory);
        this.encoder = new JsonReplyEncoder(factory);
    }

    /** @return the shared, limit-enforcing factory, for other JSON readers of untrusted input */
    public JsonFactory factory() {
        return factory;
    }

    @Override
    public ProtocolFormat format() {
        return ProtocolFormat.JSON;
    }

    @Override
    public List<Command> decodeCommands(byte[] message) throws ProtocolException {
        return decoder.decode(message);
    }

    @Override
    public byte[] encodeReply(Reply reply) throws ProtocolException {
        return encoder.encodeReply(reply);
    }

    @Override
    public byte[] encodePush(Push push) throws ProtocolException {
        return encoder.encodePush(push);
    }

    /** Joins items with a single {@code \n} between them and none at the end, like Centrifugo's encoder. */
    @Override
    public byte[] join(List<byte[]> items) {
        if (items.size() == 1) {
            return items.get(0);
        }
        int size = Math.max(0, items.size() - 1);
        for (byte[] item : items) {
            size += item.length;
        }
        byte[] out = new byte[size];
        int pos = 0;
        for (int i = 0; i < items.size(); i++) {
            byte[] item = items.get(i);
            if (i > 0) {
                out[pos++] = '\n';
            }
            System.arraycopy(item, 0, out, pos, item.length);
            pos += item.length;
        }
        return out;
    }
}
