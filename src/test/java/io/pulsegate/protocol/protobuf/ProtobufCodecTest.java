package io.pulsegate.protocol.protobuf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.google.protobuf.ByteString;
import com.google.protobuf.MessageLite;

import io.pulsegate.protocol.Command;
import io.pulsegate.protocol.DisconnectCode;
import io.pulsegate.protocol.ProtocolException;
import io.pulsegate.protocol.ProtocolFormat;
import io.pulsegate.protocol.Request;
import io.pulsegate.protocol.StreamPosition;
import io.pulsegate.protocol.protobuf.wire.ClientProtocol;

/** Decoding of Protobuf command frames: every request type, batching, pongs, and malformed input. */
class ProtobufCodecTest {

    private final ProtobufCodec codec = new ProtobufCodec();

    static byte[] frame(MessageLite... messages) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (MessageLite m : messages) {
            m.writeDelimitedTo(out);
        }
        return out.toByteArray();
    }

    static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    private Command one(ClientProtocol.Command.Builder command) throws Exception {
        List<Command> commands = codec.decodeCommands(frame(command.build()));
        assertEquals(1, commands.size());
        return commands.get(0);
    }

    private <T extends Request> T req(ClientProtocol.Command.Builder command, Class<T> type) throws Exception {
        return assertInstanceOf(type, one(command).request());
    }

    private static ClientProtocol.Command.Builder cmd(int id) {
        return ClientProtocol.Command.newBuilder().setId(id);
    }

    private void assertBad(byte[] frame) {
        ProtocolException e = assertThrows(ProtocolException.class, () -> codec.decodeCommands(frame));
        assertEquals(DisconnectCode.BAD_REQUEST, e.disconnect());
    }

    @Test
    void format() {
        assertEquals(ProtocolFormat.PROTOBUF, codec.format());
    }

    // ---- every command type ----

    @Test
    void decodesConnectWithRecoveryHints() throws Exception {
        Command c = one(cmd(1).setConnect(ClientProtocol.ConnectRequest.newBuilder().setToken("T")
                .setData(ByteString.copyFromUtf8("{\"a\":1}")).setName("java").setVersion("0.4.1")
                .putSubs("news", ClientProtocol.SubscribeRequest.newBuilder().setRecover(true).setOffset(7)
                        .setEpoch("E").build())));
        assertEquals(1, c.id());
        Request.Connect r = assertInstanceOf(Request.Connect.class, c.request());
        assertEquals("T", r.token());
        assertEquals("{\"a\":1}", new String(r.data(), StandardCharsets.UTF_8));
        assertEquals("java", r.name());
        assertEquals("0.4.1", r.version());
        Request.Subscribe hint = r.subs().get("news");
        assertTrue(hint.recover());
        assertEquals(7, hint.offset());
        assertEquals("E", hint.epoch());
    }

    @Test
    void decodesConnectWithoutOptionalFields() throws Exception {
        Request.Connect r = req(cmd(1).setConnect(ClientProtocol.ConnectRequest.getDefaultInstance()),
                Request.Connect.class);
        assertEquals("", r.token());
        assertNull(r.data());
        assertNull(r.subs());
    }

    @Test
    void decodesSubscribe() throws Exception {
        Request.Subscribe r = req(cmd(2).setSubscribe(ClientProtocol.SubscribeRequest.newBuilder().setChannel("chat:1")
                .setToken("S").setRecover(true).setEpoch("E").setOffset(Long.MAX_VALUE)
                .setData(ByteString.copyFrom(bytes(0, 1, 255))).setPositioned(true).setRecoverable(true)
                .setJoinLeave(true).setFlag(3)), Request.Subscribe.class);
        assertEquals(new Request.Subscribe("chat:1", "S", true, "E", Long.MAX_VALUE, r.data(), true, true, true, 3, 0),
                r);
        assertArrayEquals(bytes(0, 1, 255), r.data());
    }

    @Test
    void decodesChannelCommands() throws Exception {
        assertEquals("a", req(cmd(3).setUnsubscribe(ClientProtocol.UnsubscribeRequest.newBuilder().setChannel("a")),
                Request.Unsubscribe.class).channel());
        assertEquals("b", req(cmd(4).setPresence(ClientProtocol.PresenceRequest.newBuilder().setChannel("b")),
                Request.Presence.class).channel());
        assertEquals("c", req(cmd(5).setPresenceStats(ClientProtocol.PresenceStatsRequest.newBuilder()
                .setChannel("c")), Request.PresenceStats.class).channel());
        Request.Publish p = req(cmd(6).setPublish(ClientProtocol.PublishRequest.newBuilder().setChannel("d")
                .setData(ByteString.copyFrom(bytes(0xC3, 0x28)))), Request.Publish.class);
        assertEquals("d", p.channel());
        assertArrayEquals(bytes(0xC3, 0x28), p.data(), "binary payload passes through undecoded");
    }

    @Test
    void decodesHistory() throws Exception {
        Request.History h = req(cmd(7).setHistory(ClientProtocol.HistoryRequest.newBuilder().setChannel("chat:1")
                .setLimit(-1).setReverse(true).setSince(ClientProtocol.StreamPosition.newBuilder().setOffset(5)
                        .setEpoch("E"))),
                Request.History.class);
        assertEquals(new Request.History("chat:1", -1, new StreamPosition(5, "E"), true), h);
        Request.History noSince = req(cmd(8).setHistory(ClientProtocol.HistoryRequest.newBuilder().setChannel("x")),
                Request.History.class);
        assertNull(noSince.since());
    }

    @Test
    void decodesPingSendRpcRefreshSubRefresh() throws Exception {
        req(cmd(9).setPing(ClientProtocol.PingRequest.getDefaultInstance()), Request.Ping.class);
        Command send = one(cmd(0).setSend(ClientProtocol.SendRequest.newBuilder()
                .setData(ByteString.copyFromUtf8("x"))));
        assertEquals(0, send.id());
        assertArrayEquals("x".getBytes(StandardCharsets.UTF_8), assertInstanceOf(Request.Send.class,
                send.request()).data());
        Request.Rpc rpc = req(cmd(10).setRpc(ClientProtocol.RPCRequest.newBuilder().setMethod("m")
                .setData(ByteString.copyFromUtf8("{}"))), Request.Rpc.class);
        assertEquals("m", rpc.method());
        assertEquals("T2", req(cmd(11).setRefresh(ClientProtocol.RefreshRequest.newBuilder().setToken("T2")),
                Request.Refresh.class).token());
        Request.SubRefresh sr = req(cmd(12).setSubRefresh(ClientProtocol.SubRefreshRequest.newBuilder()
                .setChannel("c").setToken("S2")), Request.SubRefresh.class);
        assertEquals(new Request.SubRefresh("c", "S2"), sr);
    }

    @Test
    void mapPublishFieldsAreDecoded() throws Exception {
        Request.Publish set = req(cmd(1).setPublish(ClientProtocol.PublishRequest.newBuilder().setChannel("m")
                .setType(1).setKey("k").setData(ByteString.copyFromUtf8("{}"))), Request.Publish.class);
        assertEquals(new Request.Publish("m", set.data(), 1, "k", false), set);
        assertTrue(set.isMap());
        assertTrue(req(cmd(2).setPublish(ClientProtocol.PublishRequest.newBuilder().setChannel("m").setKey("k")
                .setRemoved(true)), Request.Publish.class).isMap());
        Request.Publish plain = req(cmd(3).setPublish(ClientProtocol.PublishRequest.newBuilder().setChannel("m")
                .setData(ByteString.copyFromUtf8("{}"))), Request.Publish.class);
        assertEquals(new Request.Publish("m", plain.data()), plain);
        assertFalse(plain.isMap());
    }

    @Test
    void trackingFieldsAreDetected() throws Exception {
        ClientProtocol.TrackBatch batch = ClientProtocol.TrackBatch.newBuilder().setSignature("s")
                .addItems(ClientProtocol.KeyedItem.newBuilder().setKey("a").setVersion(3)).build();
        Request.SubRefresh track = req(cmd(1).setSubRefresh(ClientProtocol.SubRefreshRequest.newBuilder()
                .setChannel("m").setType(1).addTrack(batch)), Request.SubRefresh.class);
        assertEquals(new Request.SubRefresh("m", "", 1, true), track);
        assertTrue(track.isSharedPoll());
        assertTrue(req(cmd(2).setSubRefresh(ClientProtocol.SubRefreshRequest.newBuilder().setChannel("m")
                .addUntrack("a")), Request.SubRefresh.class).isSharedPoll(), "untrack keys without a type");
        assertTrue(req(cmd(3).setSubRefresh(ClientProtocol.SubRefreshRequest.newBuilder().setChannel("m")
                .setType(2)), Request.SubRefresh.class).isSharedPoll(), "a tracking type without keys");
    }

    @Test
    void firstRequestFieldWinsInDispatchOrder() throws Exception {
        Command c = one(cmd(1).setPublish(ClientProtocol.PublishRequest.newBuilder().setChannel("p"))
                .setSubscribe(ClientProtocol.SubscribeRequest.newBuilder().setChannel("s")));
        assertEquals("s", assertInstanceOf(Request.Subscribe.class, c.request()).channel());
    }

    @Test
    void largestUint32IdIsUnsigned() throws Exception {
        assertEquals(4_294_967_295L, one(cmd(-1).setPing(ClientProtocol.PingRequest.getDefaultInstance())).id());
    }

    // ---- batching and pongs ----

    @Test
    void decodesBatchInOrder() throws Exception {
        List<Command> commands = codec.decodeCommands(frame(
                cmd(1).setConnect(ClientProtocol.ConnectRequest.newBuilder().setToken("T")).build(),
                cmd(2).setSubscribe(ClientProtocol.SubscribeRequest.newBuilder().setChannel("a")).build(),
                cmd(3).setSubscribe(ClientProtocol.SubscribeRequest.newBuilder().setChannel("b")).build()));
        assertEquals(List.of(1L, 2L, 3L), commands.stream().map(Command::id).toList());
        assertEquals("b", assertInstanceOf(Request.Subscribe.class, commands.get(2).request()).channel());
    }

    @Test
    void emptyCommandIsPong() throws Exception {
        assertSame(Command.PONG, codec.decodeCommands(bytes(0)).get(0));
        assertEquals(List.of(Command.PONG, Command.PONG), codec.decodeCommands(bytes(0, 0)));
        assertSame(Command.PONG, codec.decodeCommands(frame(ClientProtocol.Command.getDefaultInstance())).get(0));
    }

    @Test
    void commandCountPerFrameIsCapped() throws Exception {
        ProtobufCodec small = new ProtobufCodec(new ProtobufLimits(3, 16, 1024));
        assertEquals(3, small.decodeCommands(new byte[3]).size());
        assertThrows(ProtocolException.class, () -> small.decodeCommands(new byte[4]));
        assertEquals(1024, codec.decodeCommands(new byte[1024]).size());
        assertBad(new byte[1025]);
    }

    @Test
    void commandSizeIsCapped() throws Exception {
        ProtobufCodec small = new ProtobufCodec(new ProtobufLimits(10, 16, 8));
        byte[] big = frame(cmd(1).setPublish(ClientProtocol.PublishRequest.newBuilder().setChannel("0123456789"))
                .build());
        assertThrows(ProtocolException.class, () -> small.decodeCommands(big));
    }

    // ---- unknown fields ----

    @Test
    void unknownFieldsAreIgnoredAtEveryLevel() throws Exception {
        // Command { id: 1, 100: varint 5, subscribe { channel: "a", 13 (tf): bytes "x", 99: fixed32 } }
        byte[] sub = bytes(0x0A, 0x01, 'a', 0x6A, 0x01, 'x', 0x9D, 0x06, 1, 2, 3, 4);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(bytes(0x08, 0x01, 0xA0, 0x06, 0x05, 0x2A, sub.length));
        body.writeBytes(sub);
        byte[] msg = body.toByteArray();
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.write(msg.length);
        frame.writeBytes(msg);
        Command c = codec.decodeCommands(frame.toByteArray()).get(0);
        assertEquals(1, c.id());
        assertEquals("a", assertInstanceOf(Request.Subscribe.class, c.request()).channel());
    }

    @Test
    void reservedV1FieldsAreIgnored() throws Exception {
        // Command { id: 1, 2 (v1 method): varint 1, ping {} }
        Command c = codec.decodeCommands(bytes(6, 0x08, 0x01, 0x10, 0x01, 0x5A, 0x00)).get(0);
        assertInstanceOf(Request.Ping.class, c.request());
    }

    // ---- malformed input: always BAD_REQUEST, never another exception ----

    @Test
    void rejectsEmptyFrame() {
        assertBad(new byte[0]);
        assertBad(null);
    }

    @Test
    void rejectsTruncatedLengthPrefix() {
        assertBad(bytes(0x80));
        assertBad(bytes(0x00, 0xFF, 0xFF));
    }

    @Test
    void rejectsOverlongLengthPrefix() {
        assertBad(bytes(0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01));
        assertBad(bytes(0xFF, 0xFF, 0xFF, 0xFF, 0x0F)); // 2^32-1: beyond any frame
    }

    @Test
    void rejectsLengthBeyondFrame() {
        assertBad(bytes(0x05, 0x08, 0x01));
        assertBad(bytes(0x00, 0x02, 0x08));
    }

    @Test
    void rejectsTruncatedMessage() {
        assertBad(bytes(0x02, 0x08, 0x80)); // id varint cut inside the message
        assertBad(bytes(0x03, 0x22, 0x05, 0x0A)); // connect claims 5 bytes, has 1
        assertBad(bytes(0x03, 0x08, 0xFF, 0xFF)); // unterminated varint up to the message end
    }

    @Test
    void rejectsWrongWireTypeOfKnownField() {
        assertBad(bytes(0x03, 0x0A, 0x01, 0x01)); // id (uint32) sent as bytes
        assertBad(bytes(0x04, 0x2A, 0x02, 0x08, 0x01)); // subscribe.channel (string) sent as varint
        assertBad(bytes(0x02, 0x20, 0x01)); // connect (message) sent as varint
    }

    @Test
    void rejectsInvalidWireTypesAndStrayGroupEnds() {
        assertBad(bytes(0x02, 0x0E, 0x00)); // wire type 6
        assertBad(bytes(0x02, 0x0F, 0x00)); // wire type 7
        assertBad(bytes(0x03, 0x08, 0x01, 0x0C)); // end-group without a start
        assertBad(bytes(0x00, 0x01, 0x00)); // field number 0
    }

    /** Unknown field 100 as {@code depth} nested groups, each closed; protobuf skips groups recursively. */
    private static byte[] nestedGroups(int depth) {
        ByteArrayOutputStream msg = new ByteArrayOutputStream();
        for (int i = 0; i < depth; i++) {
            msg.writeBytes(bytes(0xA3, 0x06));
        }
        for (int i = 0; i < depth; i++) {
            msg.writeBytes(bytes(0xA4, 0x06));
        }
        byte[] body = msg.toByteArray();
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.write(body.length);
        frame.writeBytes(body);
        return frame.toByteArray();
    }

    @Test
    void rejectsNestingBeyondRecursionLimit() throws Exception {
        assertSame(Command.PONG, codec.decodeCommands(nestedGroups(10)).get(0), "unknown groups are skipped");
        assertBad(nestedGroups(20));
    }

    @Test
    void rejectsInvalidUtf8InStrings() {
        assertBad(bytes(0x05, 0x32, 0x03, 0x0A, 0x01, 0xFF)); // unsubscribe.channel = 0xFF
    }

    @Test
    void rejectsOffsetsBeyondSignedLong() throws Exception {
        byte[] f = frame(cmd(1).setSubscribe(ClientProtocol.SubscribeRequest.newBuilder().setChannel("a")
                .setOffset(-1)).build());
        assertBad(f);
    }

    @Test
    void neverThrowsAnythingButProtocolExceptionOnRandomInput() {
        java.util.Random random = new java.util.Random(42);
        for (int i = 0; i < 20_000; i++) {
            byte[] b = new byte[1 + random.nextInt(24)];
            random.nextBytes(b);
            try {
                codec.decodeCommands(b);
            } catch (ProtocolException e) {
                assertEquals(DisconnectCode.BAD_REQUEST, e.disconnect());
            }
        }
    }
}
