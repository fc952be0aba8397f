package io.pulsegate.protocol.protobuf;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.Message;

import io.pulsegate.protocol.Command;
import io.pulsegate.protocol.DisconnectCode;
import io.pulsegate.protocol.ProtocolException;
import io.pulsegate.protocol.Request;
import io.pulsegate.protocol.StreamPosition;
import io.pulsegate.protocol.protobuf.wire.ClientProtocol;

/**
 * Splits a binary frame into varint-length-delimited {@code Command} messages and maps them to the codec-neutral
 * {@link Command} records. The length prefixes are read here, not by protobuf, so a truncated or oversized prefix is
 * reported precisely and a message can never read past its own slice.
 *
 * <p>
 * Unknown field numbers are ignored (SDKs send newer fields such as {@code tf} or {@code headers}), but a known field
 * number arriving with another wire type is rejected, as Centrifugo's generated decoder does: protobuf-java would file
 * it under unknown fields and silently read the field as zero.
 */
final class ProtobufCommandDecoder {

    private final ProtobufLimits limits;

    ProtobufCommandDecoder(ProtobufLimits limits) {
        this.limits = limits;
    }

    List<Command> decode(byte[] msg) throws ProtocolException {
        if (msg == null || msg.length == 0) {
            throw bad("empty message");
        }
        List<Command> out = new ArrayList<>(2);
        int pos = 0;
        while (pos < msg.length) {
            if (out.size() == limits.maxCommandsPerFrame()) {
                throw bad("too many commands in frame");
            }
            long length = 0;
            int shift = 0;
            while (true) {
                if (pos == msg.length) {
                    throw bad("truncated length prefix");
                }
                byte b = msg[pos++];
                length |= (long) (b & 0x7F) << shift;
                if (b >= 0) {
                    break;
                }
                shift += 7;
                if (shift > 28) {
                    throw bad("malformed length prefix"); // more than 5 bytes cannot be a uint32
                }
            }
            if (length > msg.length - pos) {
                throw bad("length beyond frame");
            }
            if (length > limits.maxCommandBytes()) {
                throw bad("command too large");
            }
            out.add(parseOne(msg, pos, (int) length));
            pos += (int) length;
        }
        return out;
    }

    private Command parseOne(byte[] msg, int offset, int length) throws ProtocolException {
        ClientProtocol.Command wire;
        try {
            CodedInputStream in = CodedInputStream.newInstance(msg, offset, length);
            in.setRecursionLimit(limits.maxNestingDepth());
            in.enableAliasing(true); // bytes fields are copied once below, when mapped to records
            wire = ClientProtocol.Command.parser().parseFrom(in);
            in.checkLastTagWas(0); // a stray end-group tag stops the parser early instead of failing
        } catch (IOException | RuntimeException e) {
            // InvalidProtocolBufferException covers malformed varints, bad tags and wire types, truncation, invalid
            // UTF-8 in strings and the recursion limit. Its message is never passed on.
            throw bad("malformed protobuf");
        }
        return command(wire);
    }

    private static ProtocolException bad(String message) {
        return new ProtocolException(DisconnectCode.BAD_REQUEST, message);
    }

    /** Rejects a known field number that arrived with the wrong wire type (protobuf-java keeps it as unknown). */
    private static <M extends Message> M strict(M m) throws ProtocolException {
        Map<Integer, ?> unknown = m.getUnknownFields().asMap();
        if (!unknown.isEmpty()) {
            for (Integer number : unknown.keySet()) {
                if (m.getDescriptorForType().findFieldByNumber(number) != null) {
                    throw bad("wrong wire type");
                }
            }
        }
        return m;
    }

    private static Command command(ClientProtocol.Command c) throws ProtocolException {
        strict(c);
        long id = Integer.toUnsignedLong(c.getId());
        Request request = request(c);
        return id == 0 && request == null ? Command.PONG : new Command(id, request);
    }

    /** The first request field present, in the same dispatch order as the JSON decoder. */
    private static Request request(ClientProtocol.Command c) throws ProtocolException {
        if (c.hasConnect()) {
            return connect(strict(c.getConnect()));
        } else if (c.hasSubscribe()) {
            return subscribe(strict(c.getSubscribe()));
        } else if (c.hasUnsubscribe()) {
            return new Request.Unsubscribe(strict(c.getUnsubscribe()).getChannel());
        } else if (c.hasPublish()) {
            ClientProtocol.PublishRequest p = strict(c.getPublish());
            return new Request.Publish(p.getChannel(), bytes(p.getData()), p.getType(), p.getKey(), p.getRemoved());
        } else if (c.hasPresence()) {
            return new Request.Presence(strict(c.getPresence()).getChannel());
        } else if (c.hasPresenceStats()) {
            return new Request.PresenceStats(strict(c.getPresenceStats()).getChannel());
        } else if (c.hasHistory()) {
            return history(strict(c.getHistory()));
        } else if (c.hasPing()) {
            strict(c.getPing());
            return new Request.Ping();
        } else if (c.hasSend()) {
            return new Request.Send(bytes(strict(c.getSend()).getData()));
        } else if (c.hasRpc()) {
            ClientProtocol.RPCRequest r = strict(c.getRpc());
            return new Request.Rpc(bytes(r.getData()), r.getMethod());
        } else if (c.hasRefresh()) {
            return new Request.Refresh(strict(c.getRefresh()).getToken());
        } else if (c.hasSubRefresh()) {
            ClientProtocol.SubRefreshRequest r = strict(c.getSubRefresh());
            return new Request.SubRefresh(r.getChannel(), r.getToken(), r.getType(),
                    r.getTrackCount() > 0 || r.getUntrackCount() > 0);
        }
        return null;
    }

    private static Request.Connect connect(ClientProtocol.ConnectRequest r) throws ProtocolException {
        Map<String, Request.Subscribe> subs = null;
        if (r.getSubsCount() > 0) {
            subs = new LinkedHashMap<>();
            for (Map.Entry<String, ClientProtocol.SubscribeRequest> e : r.getSubsMap().entrySet()) {
                subs.put(e.getKey(), subscribe(strict(e.getValue())));
            }
        }
        return new Request.Connect(r.getToken(), bytes(r.getData()), subs, r.getName(), r.getVersion(),
                r.getHeadersCount() == 0 ? null : Map.copyOf(r.getHeadersMap()));
    }

    private static Request.Subscribe subscribe(ClientProtocol.SubscribeRequest r) throws ProtocolException {
        return new Request.Subscribe(r.getChannel(), r.getToken(), r.getRecover(), r.getEpoch(), u64(r.getOffset()),
                bytes(r.getData()), r.getPositioned(), r.getRecoverable(), r.getJoinLeave(), r.getFlag(), r.getType(),
                r.getDelta(), Request.Subscribe.Page.of(r.getPhase(), r.getCursor(), r.getLimit()));
    }

    private static Request.History history(ClientProtocol.HistoryRequest r) throws ProtocolException {
        StreamPosition since = null;
        if (r.hasSince()) {
            ClientProtocol.StreamPosition p = strict(r.getSince());
            since = new StreamPosition(u64(p.getOffset()), p.getEpoch());
        }
        return new Request.History(r.getChannel(), r.getLimit(), since, r.getReverse());
    }

    /** A {@code uint64} limited to the non-negative {@code long} range, like the JSON decoder. */
    private static long u64(long value) throws ProtocolException {
        if (value < 0) {
            throw bad("offset out of range");
        }
        return value;
    }

    /** Proto3 cannot tell empty from absent bytes; both read as {@code null}, as an absent JSON field does. */
    private static byte[] bytes(ByteString b) {
        return b.isEmpty() ? null : b.toByteArray();
    }
}
