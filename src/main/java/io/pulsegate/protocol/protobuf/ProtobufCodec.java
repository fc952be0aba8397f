package io.pulsegate.protocol.protobuf;

import java.util.List;

import io.pulsegate.protocol.Command;
import io.pulsegate.protocol.ProtocolCodec;
import io.pulsegate.protocol.ProtocolException;
import io.pulsegate.protocol.ProtocolFormat;
import io.pulsegate.protocol.Push;
import io.pulsegate.protocol.Reply;

/**
 * The Protobuf variant of the Centrifugo client protocol v2 (subprotocol {@code centrifuge-protobuf}, used by the
 * Java, Swift and Dart SDKs and centrifuge-js's Protobuf build): messages generated from {@code src/main/proto/client.proto},
 * each prefixed with its length as a varint and concatenated in one binary frame.
 *
 * <p>
 * Every encoded item is already length-delimited, so a single item is a valid frame and {@link #join} is plain
 * concatenation; a ping is the single byte {@code 0x00} and a pong decodes from the same byte. Payloads are opaque bytes,
 * so nothing is ever unrepresentable: binary data published with {@code b64data} reaches Protobuf clients as is, and
 * JSON payloads travel as their UTF-8 text.
 *
 * <p>
 * Every decode failure is a {@link ProtocolException} with {@code BAD_REQUEST}. Stateless and thread-safe.
 */
public final class ProtobufCodec implements ProtocolCodec {

    private final ProtobufCommandDecoder decoder;
    private final ProtobufReplyEncoder encoder = new ProtobufReplyEncoder();

    /** A codec with {@link ProtobufLimits#DEFAULTS}. */
    public ProtobufCodec() {
        this(ProtobufLimits.DEFAULTS);
    }

    public ProtobufCodec(ProtobufLimits limits) {
        this.decoder = new ProtobufCommandDecoder(limits);
    }

    @Override
    public ProtocolFormat format() {
        return ProtocolFormat.PROTOBUF;
    }

    @Override
    public List<Command> decodeCommands(byte[] message) throws ProtocolException {
        return decoder.decode(message);
    }

    /** @return the reply as one length-delimited item */
    @Override
    public byte[] encodeReply(Reply reply) {
        return encoder.encodeReply(reply);
    }

    /** @return the push as one length-delimited item, as Centrifugo's Protobuf push encoder writes it */
    @Override
    public byte[] encodePush(Push push) {
        return encoder.encodePush(push);
    }

    /** Concatenates length-delimited items. */
    @Override
    public byte[] join(List<byte[]> items) {
        if (items.size() == 1) {
            return items.get(0);
        }
        int size = 0;
        for (byte[] item : items) {
            size += item.length;
        }
        byte[] out = new byte[size];
        int pos = 0;
        for (byte[] item : items) {
            System.arraycopy(item, 0, out, pos, item.length);
            pos += item.length;
        }
        return out;
    }
}
