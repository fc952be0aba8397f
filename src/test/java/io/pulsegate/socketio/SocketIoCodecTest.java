package io.pulsegate.socketio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.pulsegate.protocol.Command;
import io.pulsegate.protocol.DisconnectCode;
import io.pulsegate.protocol.ErrorCode;
import io.pulsegate.protocol.ProtocolError;
import io.pulsegate.protocol.ProtocolException;
import io.pulsegate.protocol.Publication;
import io.pulsegate.protocol.Push;
import io.pulsegate.protocol.PushBody;
import io.pulsegate.protocol.Reply;
import io.pulsegate.protocol.Request;
import io.pulsegate.protocol.Result;
import io.pulsegate.protocol.json.JsonLimits;

class SocketIoCodecTest {

    private final SocketIoCodec codec = new SocketIoCodec(JsonLimits.DEFAULTS.newFactory(), "/", "event", "message",
            false);
    private final SocketIoCodec chat = new SocketIoCodec(JsonLimits.DEFAULTS.newFactory(), "/chat", "event", "message",
            false);

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String s(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    @Test
    void connectTakesTheTokenFromAuthAndTheRestAsData() throws Exception {
        Command c = codec.decodeCommands(b("40{\"token\":\"jwt\",\"room\":\"a\",\"n\":[1,2]}")).get(0);
        assertEquals(SocketIoCodec.CONNECT_ID, c.id());
        Request.Connect connect = (Request.Connect) c.request();
        assertEquals("jwt", connect.token());
        assertEquals("{\"room\":\"a\",\"n\":[1,2]}", s(connect.data()));
        assertEquals("socket.io", connect.name());
        Request.Connect bare = (Request.Connect) codec.decodeCommands(b("40")).get(0).request();
        assertEquals("", bare.token());
        assertNull(bare.data());
    }

    @Test
    void anEventIsAnRpcAndItsAckIdTravelsInTheCommandId() throws Exception {
        Command acked = codec.decodeCommands(b("4212[\"save\",{\"a\":1}]")).get(0);
        assertEquals(12 + SocketIoCodec.ACK_BASE, acked.id());
        Request.Rpc rpc = (Request.Rpc) acked.request();
        assertEquals("save", rpc.method());
        assertEquals("{\"a\":1}", s(rpc.data()));
        Command fire = codec.decodeCommands(b("42[\"save\",1,\"x\",null]")).get(0);
        assertEquals(SocketIoCodec.NO_ACK_ID, fire.id());
        assertEquals("[1,\"x\",null]", s(((Request.Rpc) fire.request()).data()));
        assertNull(((Request.Rpc) codec.decodeCommands(b("42[\"ping\"]")).get(0).request()).data());
        assertEquals(5 + SocketIoCodec.ACK_BASE, chat.decodeCommands(b("42/chat,5[\"e\"]")).get(0).id());
    }

    @Test
    void pongNoopAndClientAcksDecode() throws Exception {
        assertEquals(List.of(Command.PONG), codec.decodeCommands(b("3")));
        assertEquals(List.of(), codec.decodeCommands(b("6")));
        assertEquals(List.of(), codec.decodeCommands(b("431[]")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "4", "47", "4x", "9", "42", "42{\"a\":1}", "42[1]", "42[\"\"]", "42[\"e\"",
            "42[\"e\"]x", "40[1]", "40{\"token\":1}", "451-[\"e\",{\"_placeholder\":true,\"num\":0}]",
            "421234567890[\"e\"]", "42/chat,[\"e\"]", "41"})
    void malformedOrUnsupportedPacketsAreBadRequests(String packet) {
        ProtocolException e = assertThrows(ProtocolException.class, () -> codec.decodeCommands(b(packet)));
        assertEquals(DisconnectCode.BAD_REQUEST, e.disconnect());
    }

    @Test
    void connectRepliesAndErrors() throws Exception {
        Result.Connect result = new Result.Connect("c-1", "", false, 0, null, Map.of(), 25, true, null, null);
        assertEquals("40{\"sid\":\"c-1\"}", s(codec.encodeReply(Reply.result(1, result))));
        assertEquals("40/chat,{\"sid\":\"c-1\"}", s(chat.encodeReply(Reply.result(1, result))));
        assertEquals("44{\"message\":\"permission denied\",\"data\":{\"code\":103,\"temporary\":false}}", s(codec
                .encodeReply(Reply.error(1, ProtocolError.of(ErrorCode.PERMISSION_DENIED)))));
    }

    @Test
    void rpcRepliesBecomeAcksOnlyWhenAsked() throws Exception {
        assertEquals("437[{\"ok\":true}]", s(codec.encodeReply(Reply.result(7 + SocketIoCodec.ACK_BASE,
                new Result.Rpc(b("{\"ok\":true}"))))));
        assertEquals("430[null]", s(codec.encodeReply(Reply.result(SocketIoCodec.ACK_BASE, new Result.Rpc(null)))));
        assertEquals("432[{\"error\":{\"code\":1002,\"message\":\"app \\\"error\\\"\"}}]", s(codec.encodeReply(Reply
                .error(2 + SocketIoCodec.ACK_BASE, new ProtocolError(1002, "app \"error\"", false)))));
        assertArrayEquals(SocketIoCodec.EMPTY, codec.encodeReply(Reply.result(SocketIoCodec.NO_ACK_ID,
                new Result.Rpc(b("1")))));
    }

    @Test
    void publicationsAreEventsNamedByTheirTag() throws Exception {
        Publication tagged = new Publication(b("{\"text\":\"hi\"}"), null, 3, Map.of("event", "message:new"), false);
        assertEquals("42[\"message:new\",{\"text\":\"hi\"}]", s(codec.encodeReply(Reply.push(new Push("room",
                tagged)))));
        Publication plain = new Publication(b("[1]"), null, 4, null, false);
        assertEquals("42/chat,[\"message\",[1]]", s(chat.encodeReply(Reply.push(new Push("room", plain)))));
        Publication binary = new Publication(new byte[]{(byte) 0xff, 0}, null, 5, null, false);
        assertThrows(ProtocolException.class, () -> codec.encodeReply(Reply.push(new Push("room", binary))));
        assertArrayEquals(SocketIoCodec.EMPTY, codec.encodeReply(Reply.push(new Push("room",
                new PushBody.Leave(null)))));
    }

    @Test
    void pingsAndJoinedPackets() throws Exception {
        assertEquals("2", s(codec.encodeReply(Reply.PING)));
        assertEquals("2\u001e42[\"a\"]", s(codec.join(List.of(b("2"), SocketIoCodec.EMPTY, b("42[\"a\"]")))));
    }

    private final SocketIoCodec publishing = new SocketIoCodec(JsonLimits.DEFAULTS.newFactory(), "/", "event",
            "message", false, java.util.Set.of("say"));

    @Test
    void aPublishEventIsAPublishIntoItsFirstArgumentTaggedWithTheEvent() throws Exception {
        Command c = publishing.decodeCommands(b("424[\"say\",\"chat:room\",{\"text\":\"hi\"}]")).get(0);
        assertEquals(4 + SocketIoCodec.ACK_BASE, c.id());
        Request.Publish publish = (Request.Publish) c.request();
        assertEquals("chat:room", publish.channel());
        assertEquals("{\"text\":\"hi\"}", s(publish.data()));
        assertEquals(Map.of("event", "say"), publish.tags());
        Request.Publish bare = (Request.Publish) publishing.decodeCommands(b("42[\"say\",\"r\"]")).get(0).request();
        assertNull(bare.data(), "no data: the session answers bad request");
        assertThrows(ProtocolException.class,
                () -> publishing.decodeCommands(b("42[\"say\",{\"not\":\"a channel\"}]")));
        assertEquals(Request.Rpc.class, publishing.decodeCommands(b("42[\"other\",\"r\",1]")).get(0).request()
                .getClass(), "other events stay RPCs");
    }

    @Test
    void aPublishResultIsAnEmptyObjectAck() throws Exception {
        assertEquals("434[{}]",
                s(publishing.encodeReply(Reply.result(4 + SocketIoCodec.ACK_BASE, new Result.Publish()))));
        assertEquals("434[{\"error\":{\"code\":103,\"message\":\"permission denied\"}}]", s(publishing.encodeReply(
                Reply.error(4 + SocketIoCodec.ACK_BASE, ProtocolError.of(ErrorCode.PERMISSION_DENIED)))));
    }
}
