package io.pulsegate.socketio;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonStringEncoder;

import io.pulsegate.protocol.Command;
import io.pulsegate.protocol.DisconnectCode;
import io.pulsegate.protocol.ProtocolCodec;
import io.pulsegate.protocol.ProtocolError;
import io.pulsegate.protocol.ProtocolException;
import io.pulsegate.protocol.ProtocolFormat;
import io.pulsegate.protocol.Publication;
import io.pulsegate.protocol.Push;
import io.pulsegate.protocol.PushBody;
import io.pulsegate.protocol.Reply;
import io.pulsegate.protocol.Request;
import io.pulsegate.protocol.Result;
import io.pulsegate.protocol.json.JsonPayloads;
import io.pulsegate.protocol.json.JsonReader;

/**
 * Socket.IO v5 over Engine.IO v4 as a client protocol of {@link io.pulsegate.client.ClientSession} (ADR 0007), for
 * one namespace. Decodes one Engine.IO text packet into Centrifugo commands and encodes replies and pushes as
 * Engine.IO packets, {@link #EMPTY} for those Socket.IO has no packet for. Stateless and thread-safe: the hub encodes
 * a publication once for every Socket.IO subscriber of the namespace.
 *
 * <p>
 * Command ids carry the acknowledgement: {@code connect} is {@link #CONNECT_ID}, an event without ack
 * {@link #NO_ACK_ID}, an event with ack id {@code n} is {@code n + }{@link #ACK_BASE}.
 */
public final class SocketIoCodec implements ProtocolCodec {

    /** What encodes to nothing: the transport drops empty items. */
    static final byte[] EMPTY = new byte[0];
    static final long CONNECT_ID = 1;
    static final long NO_ACK_ID = 2;
    static final long ACK_BASE = 3;
    /** Client name of Socket.IO sessions, as backend proxies and metrics see it. */
    static final String CLIENT_NAME = "socket.io";
    private static final int MAX_EVENT_NAME = 256;

    private final JsonFactory factory;
    private final String namespace;
    private final byte[] prefix;
    private final String eventTag;
    private final String defaultEvent;
    private final boolean recovery;
    private final Set<String> publishEvents;

    public SocketIoCodec(JsonFactory factory, String namespace, String eventTag, String defaultEvent,
            boolean recovery) {
        this(factory, namespace, eventTag, defaultEvent, recovery, Set.of());
    }

    /**
     * @param factory a limit-enforcing JSON factory (the client protocol's)
     * @param namespace the Socket.IO namespace, {@code "/"} for the default one
     * @param recovery connection state recovery: {@code pid} and offsets ({@link Trailers} for the transport)
     * @param publishEvents events that publish: {@code emit(event, channel, data)} ({@code pulsegate.socketio.publish-events})
     */
    public SocketIoCodec(JsonFactory factory, String namespace, String eventTag, String defaultEvent,
            boolean recovery, Set<String> publishEvents) {
        this.recovery = recovery;
        this.publishEvents = publishEvents;
        this.factory = factory;
        this.namespace = namespace;
        this.prefix = SocketIoPacket.DEFAULT_NAMESPACE.equals(namespace) ? EMPTY : EnginePackets.ascii(namespace + ",");
        this.eventTag = eventTag;
        this.defaultEvent = defaultEvent;
    }

    String namespace() {
        return namespace;
    }

    @Override
    public ProtocolFormat format() {
        return ProtocolFormat.JSON;
    }

    @Override
    public List<Command> decodeCommands(byte[] message) throws ProtocolException {
        if (message.length == 1 && message[0] == EnginePackets.PONG) {
            return List.of(Command.PONG);
        }
        if (message.length == 1 && message[0] == EnginePackets.NOOP) {
            return List.of();
        }
        SocketIoPacket packet = SocketIoPacket.parse(message);
        if (!namespace.equals(packet.namespace())) {
            throw SocketIoPacket.bad("packet for another namespace");
        }
        try {
            return switch (packet.type()) {
                case SocketIoPacket.CONNECT -> List.of(new Command(CONNECT_ID, connect(message, packet)));
                case SocketIoPacket.EVENT -> List.of(event(message, packet));
                case SocketIoPacket.ACK -> List.of(); // the gateway never asks a client for an acknowledgement
                // BINARY_EVENT and BINARY_ACK arrive as EVENT and ACK once their attachments were gathered
                default -> throw SocketIoPacket.bad("unexpected Socket.IO packet");
            };
        } catch (JsonProcessingException e) {
            throw SocketIoPacket.bad("malformed JSON payload"); // never the parser's message: it quotes input
        } catch (IOException e) {
            throw SocketIoPacket.bad("unreadable payload");
        }
    }

    /**
     * {@code 40{auth}}: {@code auth.token} is the connection token, {@code pid} and {@code offset} (added by
     * socket.io-client after a recoverable connection) the recovery request, the other fields the connect data.
     */
    private Request.Connect connect(byte[] m, SocketIoPacket packet) throws IOException, ProtocolException {
        String token = "";
        byte[] data = null;
        Map<String, Request.Subscribe> hints = null;
        if (packet.hasPayload(m)) {
            try (JsonParser p = parser(m, packet)) {
                JsonReader r = new JsonReader(p, m, packet.payloadStart());
                if (r.next() != JsonToken.START_OBJECT) {
                    throw SocketIoPacket.bad("the CONNECT payload must be an object");
                }
                JsonValues.JsonObject rest = new JsonValues.JsonObject();
                while (r.nextField()) {
                    if ("token".equals(r.name())) {
                        token = r.string();
                    } else if ("offset".equals(r.name()) && recovery) {
                        hints = Positions.hints(r.token() == JsonToken.VALUE_STRING ? r.string() : null);
                    } else if ("pid".equals(r.name()) || "offset".equals(r.name())) {
                        r.skip(); // the transport reads pid (connectPid)
                    } else {
                        rest.field(r.name(), r.raw());
                    }
                }
                requireEnd(r);
                data = rest.toBytes();
            }
        }
        return new Request.Connect(token, data, hints == null || hints.isEmpty() ? null : hints, CLIENT_NAME, "",
                null);
    }

    /** @return the {@code pid} a CONNECT packet of this namespace asks to recover, or {@code null} */
    String connectPid(byte[] m) {
        try {
            SocketIoPacket packet = SocketIoPacket.parse(m);
            if (packet.type() != SocketIoPacket.CONNECT || !packet.hasPayload(m)) {
                return null;
            }
            try (JsonParser p = parser(m, packet)) {
                JsonReader r = new JsonReader(p, m, packet.payloadStart());
                if (r.next() != JsonToken.START_OBJECT) {
                    return null;
                }
                while (r.nextField()) {
                    if ("pid".equals(r.name()) && r.token() == JsonToken.VALUE_STRING) {
                        return r.string();
                    }
                    r.skip();
                }
            }
        } catch (IOException | ProtocolException e) {
            return null; // the session's decode reports it
        }
        return null;
    }

    /** {@code 42[n]["event",…args]}: an RPC whose method is the event and whose data are the arguments. */
    private Command event(byte[] m, SocketIoPacket packet) throws IOException, ProtocolException {
        if (!packet.hasPayload(m)) {
            throw SocketIoPacket.bad("an EVENT needs a payload");
        }
        String event;
        List<byte[]> args = new ArrayList<>();
        try (JsonParser p = parser(m, packet)) {
            JsonReader r = new JsonReader(p, m, packet.payloadStart());
            if (r.next() != JsonToken.START_ARRAY || r.next() != JsonToken.VALUE_STRING) {
                throw SocketIoPacket.bad("an EVENT is an array starting with the event name");
            }
            event = r.string();
            while (r.next() != JsonToken.END_ARRAY) {
                byte[] raw = r.raw();
                args.add(raw == null ? NULL : raw);
            }
            requireEnd(r);
        }
        if (event.isEmpty() || event.length() > MAX_EVENT_NAME) {
            throw SocketIoPacket.bad("bad event name");
        }
        long id = packet.ackId() < 0 ? NO_ACK_ID : packet.ackId() + ACK_BASE;
        if (publishEvents.contains(event)) {
            return new Command(id, publish(event, args));
        }
        return new Command(id, new Request.Rpc(arguments(args), event));
    }

    /**
     * {@code emit(event, channel, …data)}: a publish into the channel, data as an RPC's, tagged with the event so
     * Socket.IO subscribers receive it under that name. Without data the session refuses it (bad request error).
     */
    private Request.Publish publish(String event, List<byte[]> args) throws IOException, ProtocolException {
        if (args.isEmpty() || args.get(0)[0] != '"') {
            throw SocketIoPacket.bad("a publishing event starts with its channel");
        }
        String channel;
        try (JsonParser p = factory.createParser(args.get(0))) {
            channel = p.nextToken() == JsonToken.VALUE_STRING ? p.getText() : "";
        }
        return new Request.Publish(channel, arguments(args.subList(1, args.size())), Request.Publish.TYPE_STREAM, "",
                false, Map.of(eventTag, event));
    }

    private static final byte[] NULL = EnginePackets.ascii("null");

    /** No argument: no data; one: that value; several: their array. */
    private static byte[] arguments(List<byte[]> args) {
        if (args.isEmpty()) {
            return null;
        }
        return args.size() == 1 ? args.get(0) : JsonValues.array(args);
    }

    private JsonParser parser(byte[] m, SocketIoPacket packet) throws IOException {
        return factory.createParser(m, packet.payloadStart(), m.length - packet.payloadStart());
    }

    private static void requireEnd(JsonReader r) throws IOException, ProtocolException {
        if (r.next() != null) {
            throw SocketIoPacket.bad("trailing data after the payload");
        }
    }

    @Override
    public byte[] encodeReply(Reply reply) throws ProtocolException {
        if (reply.push() != null) {
            return encodePush(reply.push());
        }
        if (reply.error() == null && reply.result() == null) {
            return reply.id() == 0 ? EnginePackets.PING_PACKET : EMPTY;
        }
        if (reply.id() == CONNECT_ID) {
            return reply.error() != null ? connectError(reply.error()) : connected(reply.result());
        }
        if (reply.id() >= ACK_BASE) {
            return ack(reply.id() - ACK_BASE, reply);
        }
        return EMPTY;
    }

    /** {@code 40{"sid"}}; with recovery also its trailer and the recovered publications as events. */
    private byte[] connected(Result result) throws ProtocolException {
        if (!(result instanceof Result.Connect connect)) {
            return EMPTY;
        }
        byte[] packet = packet(SocketIoPacket.CONNECT, "", "{\"sid\":" + quoted(connect.client()) + "}");
        if (!recovery) {
            return packet;
        }
        Map<String, Result.Subscribe> subs = connect.subs() == null ? Map.of() : connect.subs();
        List<byte[]> packets = new ArrayList<>();
        packets.add(Trailers.connect(packet, subs));
        if (Trailers.recovered(subs)) {
            for (Map.Entry<String, Result.Subscribe> e : subs.entrySet()) {
                List<Publication> pubs = e.getValue().publications();
                for (Publication pub : pubs == null ? List.<Publication>of() : pubs) {
                    packets.add(encodePush(new Push(e.getKey(), pub)));
                }
            }
        }
        return join(packets);
    }

    private byte[] connectError(ProtocolError error) {
        return packet(SocketIoPacket.CONNECT_ERROR, "", "{\"message\":" + quoted(error.message())
                + ",\"data\":{\"code\":" + error.code() + ",\"temporary\":" + error.temporary() + "}}");
    }

    /** {@code 43n[result]}, or {@code 43n[{"error":{"code","message"}}]}. */
    private byte[] ack(long ackId, Reply reply) throws ProtocolException {
        if (reply.error() != null) {
            ProtocolError e = reply.error();
            return packet(SocketIoPacket.ACK, Long.toString(ackId), "[{\"error\":{\"code\":" + e.code()
                    + ",\"message\":" + quoted(e.message()) + "}}]");
        }
        if (reply.result() instanceof Result.Publish) {
            return packet(SocketIoPacket.ACK, Long.toString(ackId), "[{}]");
        }
        if (!(reply.result() instanceof Result.Rpc rpc)) {
            return EMPTY;
        }
        return packet(SocketIoPacket.ACK, Long.toString(ackId), JsonValues.array(List.of(json(rpc.data()))));
    }

    @Override
    public byte[] encodePush(Push push) throws ProtocolException {
        PushBody body = push.body();
        if (body instanceof Publication pub) {
            if (pub.delta()) {
                throw new ProtocolException(DisconnectCode.INAPPROPRIATE_PROTOCOL, "no deltas on Socket.IO");
            }
            String tagged = pub.tags() == null ? null : pub.tags().get(eventTag);
            byte[] packet = eventPacket(tagged == null || tagged.isEmpty() ? defaultEvent : tagged, pub.data());
            return recovery ? Trailers.publication(packet, push.channel(), pub.offset()) : packet;
        }
        if (body instanceof PushBody.Message message) {
            return eventPacket(defaultEvent, message.data());
        }
        if (recovery && body instanceof PushBody.Subscribe sub && sub.recoverable()) {
            return Trailers.subscribed(push.channel(), sub.epoch(), sub.offset());
        }
        if (recovery && body instanceof PushBody.Unsubscribe) {
            return Trailers.unsubscribed(push.channel());
        }
        return EMPTY; // join, leave, subscribe, unsubscribe, refresh, disconnect: nothing on Socket.IO's wire
    }

    private byte[] eventPacket(String event, byte[] data) throws ProtocolException {
        return packet(SocketIoPacket.EVENT, "",
                JsonValues.array(List.of(EnginePackets.ascii(quoted(event)), json(data))));
    }

    /** @return the payload as a JSON value ({@code null} when absent); binary payloads cannot reach Socket.IO */
    private byte[] json(byte[] payload) throws ProtocolException {
        if (payload == null || payload.length == 0) {
            return NULL;
        }
        if (!JsonPayloads.isValidJson(factory, payload)) {
            throw new ProtocolException(DisconnectCode.INAPPROPRIATE_PROTOCOL, "payload is not JSON");
        }
        return payload;
    }

    private byte[] packet(int type, String ackId, String payload) {
        return packet(type, ackId, payload.getBytes(StandardCharsets.UTF_8));
    }

    /** {@code 4<type>[<namespace>,][<ack id>]<payload>}. */
    private byte[] packet(int type, String ackId, byte[] payload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(payload.length + prefix.length + 16);
        out.write(EnginePackets.MESSAGE);
        out.write('0' + type);
        out.writeBytes(prefix);
        out.writeBytes(EnginePackets.ascii(ackId));
        out.writeBytes(payload);
        return out.toByteArray();
    }

    static String quoted(String s) {
        return "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(s)) + "\"";
    }

    /** Joins packets with the Engine.IO record separator, leaving out empty ones. */
    @Override
    public byte[] join(List<byte[]> items) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] item : items) {
            if (item.length == 0) {
                continue;
            }
            if (out.size() > 0) {
                out.write(EnginePackets.SEPARATOR);
            }
            out.writeBytes(item);
        }
        return out.toByteArray();
    }
}
