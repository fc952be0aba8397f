package io.pulsegate.transport.stream;

import java.util.List;

import io.pulsegate.protocol.Command;
import io.pulsegate.protocol.DisconnectCode;
import io.pulsegate.protocol.ProtocolCodec;
import io.pulsegate.protocol.ProtocolException;
import io.pulsegate.protocol.ProtocolFormat;
import io.pulsegate.protocol.Push;
import io.pulsegate.protocol.PushBody;
import io.pulsegate.protocol.Reply;
import io.pulsegate.protocol.Result;

/**
 * The framing of unidirectional transports over a wire codec: pushes travel bare ({@code {"pub":…}} instead of
 * {@code {"push":{"pub":…}}}), the connect result becomes a {@code connect} push, and pings stay the empty object. One
 * shared instance per wire format, so the hub's encode-once cache (keyed by codec) holds one bare encoding per
 * publication for all unidirectional connections. Stateless and thread-safe.
 */
public final class UniCodec implements ProtocolCodec {

    private final ProtocolCodec wire;

    public UniCodec(ProtocolCodec wire) {
        this.wire = wire;
    }

    @Override
    public ProtocolFormat format() {
        return wire.format();
    }

    /** Unidirectional clients send no commands after the connect request, which the transport decodes itself. */
    @Override
    public List<Command> decodeCommands(byte[] message) throws ProtocolException {
        throw new ProtocolException(DisconnectCode.BAD_REQUEST, "unidirectional transport");
    }

    @Override
    public byte[] encodeReply(Reply reply) throws ProtocolException {
        if (reply.push() != null) {
            return wire.encodePush(reply.push());
        }
        if (reply.result() instanceof Result.Connect connect) {
            return wire.encodePush(new Push("", new PushBody.Connect(connect)));
        }
        if (reply.error() != null) {
            // the session turns connect errors into disconnects for uni transports; nothing else can fail
            return wire.encodePush(new Push("", new PushBody.Disconnect(DisconnectCode.INTERNAL.code(),
                    reply.error().message())));
        }
        return wire.encodeReply(reply);
    }

    @Override
    public byte[] encodePush(Push push) throws ProtocolException {
        return wire.encodePush(push);
    }

    @Override
    public byte[] join(List<byte[]> items) {
        return wire.join(items);
    }
}
