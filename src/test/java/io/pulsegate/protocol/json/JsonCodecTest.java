package io.pulsegate.protocol.json;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.pulsegate.protocol.ClientInfo;
import io.pulsegate.protocol.Command;
import io.pulsegate.protocol.DisconnectCode;
import io.pulsegate.protocol.ErrorCode;
import io.pulsegate.protocol.ProtocolError;
import io.pulsegate.protocol.ProtocolException;
import io.pulsegate.protocol.ProtocolFormat;
import io.pulsegate.protocol.Publication;
import io.pulsegate.protocol.Push;
import io.pulsegate.protocol.PushBody;
import io.pulsegate.protocol.Reply;
import io.pulsegate.protocol.Request;
import io.pulsegate.protocol.Result;
import io.pulsegate.protocol.StreamPosition;

class JsonCodecTest {

    private final JsonCodec codec = new JsonCodec();

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String s(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    private Command one(String json) throws ProtocolException {
        List<Command> cmds = codec.decodeCommands(b(json));
        assertEquals(1, cmds.size());
        return cmds.get(0);
    }

    private <T extends Request> T req(String json, Class<T> type) throws ProtocolException {
        return assertInstanceOf(type, one(json).request());
    }

    private String reply(Reply r) throws ProtocolException {
        return s(codec.encodeReply(r));
    }

    // ---- decode: every command type ----

    @Test
    void decodesConnect() throws Exception {
        Command c = one(
                "{\"id\":1,\"connect\":{\"token\":\"T\",\"data\":{\"a\":[1,2]},\"name\":\"js\",\"version\":\"5.7\","
                        + "\"headers\":{\"x\":\"y\"},\"flag\":3,\"subs\":{\"news\":{\"recover\":true,\"offset\":7,\"epoch\":\"E\"}}}}");
        assertEquals(1, c.id());
        Request.Connect r = assertInstanceOf(Request.Connect.class, c.request());
        assertEquals("T", r.token());
        assertEquals("{\"a\":[1,2]}", s(r.data()));
        assertEquals("js", r.name());
        assertEquals("5.7", r.version());
        Request.Subscribe sub = r.subs().get("news");
        assertTrue(sub.recover());
        assertEquals(7, sub.offset());
        assertEquals("E", sub.epoch());
        assertEquals("", sub.channel());
    }

    @Test
    void missingFieldsAreZero() throws Exception {
        Request.Connect r = req("{\"id\":1,\"connect\":{}}", Request.Connect.class);
        assertEquals(new Request.Connect("", null, null, "", "", null), r);
        Request.Subscribe s = req("{\"id\":2,\"subscribe\":{\"channel\":null}}", Request.Subscribe.class);
        assertEquals(new Request.Subscribe("", "", false, "", 0, null, false, false, false, 0, 0), s);
    }

    @Test
    void decodesSubscribe() throws Exception {
        Request.Subscribe s = req("{\"id\":5,\"subscribe\":{\"channel\":\"chat:42\",\"token\":\"t\",\"recover\":true,"
                + "\"epoch\":\"xC\",\"offset\":15,\"data\":\"hi\",\"positioned\":true,\"recoverable\":true,"
                + "\"join_leave\":true,\"flag\":3,\"delta\":\"fossil\",\"tf\":{\"op\":1,\"nodes\":[{\"k\":[]}]},\"type\":0}}",
                Request.Subscribe.class);
        assertEquals(new Request.Subscribe("chat:42", "t", true, "xC", 15, null, true, true, true, 3, 0).channel(),
                s.channel());
        assertEquals("\"hi\"", s(s.data()));
        assertTrue(s.recover() && s.positioned() && s.recoverable() && s.joinLeave());
        assertEquals(3, s.flag());
        assertEquals(15, s.offset());
        assertEquals("t", s.token());
        assertEquals("xC", s.epoch());
    }

    @Test
    void decodesSimpleRequests() throws Exception {
        assertEquals(new Request.Unsubscribe("c"), req("{\"id\":1,\"unsubscribe\":{\"channel\":\"c\"}}",
                Request.Unsubscribe.class));
        assertEquals(new Request.Presence("c"), req("{\"id\":1,\"presence\":{\"channel\":\"c\"}}",
                Request.Presence.class));
        assertEquals(new Request.PresenceStats("c"), req("{\"id\":1,\"presence_stats\":{\"channel\":\"c\"}}",
                Request.PresenceStats.class));
        assertEquals(new Request.Ping(), req("{\"id\":1,\"ping\":{\"x\":[1]}}", Request.Ping.class));
        assertEquals(new Request.Refresh("tok"), req("{\"id\":1,\"refresh\":{\"token\":\"tok\"}}",
                Request.Refresh.class));
        assertEquals(new Request.SubRefresh("c", "tok"), req(
                "{\"id\":1,\"sub_refresh\":{\"channel\":\"c\",\"token\":\"tok\",\"track\":[],\"untrack\":null}}",
                Request.SubRefresh.class));
        assertEquals(new Request.History("c", 10, new StreamPosition(4, "E"), true), req(
                "{\"id\":1,\"history\":{\"channel\":\"c\",\"limit\":10,\"since\":{\"offset\":4,\"epoch\":\"E\"},"
                        + "\"reverse\":true}}",
                Request.History.class));
        assertEquals(new Request.History("c", 0, null, false),
                req("{\"id\":1,\"history\":{\"channel\":\"c\"}}", Request.History.class));
    }

    @Test
    void decodesPayloadCommands() throws Exception {
        Request.Publish p = req("{\"id\":3,\"publish\":{\"channel\":\"chat:42\",\"data\":{\"text\":\"yo\"}}}",
                Request.Publish.class);
        assertEquals("chat:42", p.channel());
        assertEquals("{\"text\":\"yo\"}", s(p.data()));
        Command send = one("{\"send\":{\"data\":[1, 2 ,3]}}");
        assertEquals(0, send.id());
        assertFalse(send.isPong());
        assertEquals("[1, 2 ,3]", s(assertInstanceOf(Request.Send.class, send.request()).data()));
        Request.Rpc rpc = req("{\"id\":9,\"rpc\":{\"method\":\"m\",\"data\":12.5e3}}", Request.Rpc.class);
        assertEquals("m", rpc.method());
        assertEquals("12.5e3", s(rpc.data()));
        assertEquals("true", s(req("{\"id\":9,\"rpc\":{\"data\":true}}", Request.Rpc.class).data()));
        assertNull(req("{\"id\":9,\"rpc\":{\"data\":null}}", Request.Rpc.class).data());
    }

    @Test
    void rawPayloadBytesArePreservedExactly() throws Exception {
        String data = "{ \"b\" : [ 1.50 , \"\\u00e9\\n\" , {} ] ,\t\"é\":\"日本\" }";
        Request.Publish p = req("{\"id\":3,\"publish\":{\"data\":" + data + ",\"channel\":\"c\"}}",
                Request.Publish.class);
        assertArrayEquals(b(data), p.data());
        Request.Publish cr = req("{\"id\":3,\"publish\":{\"channel\":\"c\",\"data\":{\"a\":\r1}}}",
                Request.Publish.class);
        assertEquals("{\"a\":1}", s(cr.data()));
    }

    @Test
    void emptyObjectIsPong() throws Exception {
        assertSame(Command.PONG, one("{}"));
        assertSame(Command.PONG, one("{\"unknown\":1}"));
        assertSame(Command.PONG, one("{\"publish\":null}"));
        Command noRequest = one("{\"id\":4}");
        assertEquals(4, noRequest.id());
        assertNull(noRequest.request());
        assertFalse(noRequest.isPong());
    }

    @Test
    void missingIdIsLeftToTheSession() throws Exception {
        Command c = one("{\"subscribe\":{\"channel\":\"c\"}}");
        assertEquals(0, c.id());
        assertInstanceOf(Request.Subscribe.class, c.request());
    }

    @Test
    void firstRequestInDispatchOrderWins() throws Exception {
        Command c = one(
                "{\"id\":1,\"sub_refresh\":{},\"publish\":{\"channel\":\"p\"},\"subscribe\":{\"channel\":\"s\"}}");
        assertEquals(new Request.Subscribe("s", "", false, "", 0, null, false, false, false, 0, 0), c.request());
    }

    @Test
    void unknownFieldsAreSkippedAtEveryLevel() throws Exception {
        Command c = one("{\"flag\":1,\"id\":2,\"headers\":{\"a\":{\"b\":[{\"c\":null}]}},\"x\":[[[]]],"
                + "\"subscribe\":{\"tf\":{\"op\":2,\"nodes\":[{\"key\":\"k\",\"vals\":[\"1\",\"2\"]}]},\"channel\":\"c\","
                + "\"flag\":1,\"headers\":{\"h\":\"v\"},\"name\":\"n\",\"delta\":\"fossil\",\"type\":4,\"x\":1.5e300}}");
        assertEquals(2, c.id());
        assertEquals("c", assertInstanceOf(Request.Subscribe.class, c.request()).channel());
    }

    @Test
    void batchSplitAndTrailingNewline() throws Exception {
        List<Command> cmds = codec.decodeCommands(b(
                "{\"id\":1,\"connect\":{\"token\":\"T\",\"name\":\"js\"}}\n{\"id\":2,\"subscribe\":{\"channel\":\"chat:42\",\"flag\":1}}\n"));
        assertEquals(2, cmds.size());
        assertInstanceOf(Request.Connect.class, cmds.get(0).request());
        assertEquals(2, cmds.get(1).id());
        assertEquals(3, codec.decodeCommands(b("{}\n{}\n{\"id\":3,\"publish\":{\"data\":1}}")).size());
        for (String bad : new String[]{"{}\n\n", "\n{}", "{}\n\n{}", "\n", "{}\n{", "{} {}", "{}x"}) {
            assertThrows(ProtocolException.class, () -> codec.decodeCommands(b(bad)), bad);
        }
    }

    // ---- malformed input: hardening.md P1-P6 ----

    private void assertBadRequest(byte[] input) {
        ProtocolException e = assertThrows(ProtocolException.class, () -> codec.decodeCommands(input));
        assertEquals(DisconnectCode.BAD_REQUEST, e.disconnect());
        assertTrue(e.getMessage().length() < 64, e.getMessage());
        assertEquals(0, e.getStackTrace().length);
    }

    @ParameterizedTest
    @ValueSource(strings = {"hello", "", " ", "[]", "[{}]", "1", "\"x\"", "null", "{", "{\"id\":1,}", "{'id':1}",
            "{\"id\":01}", "{\"id\":1}}", "{\"id\" 1}", "\u0000"})
    void p1NotJsonOrNotAnObject(String input) {
        assertBadRequest(b(input));
    }

    @Test
    void p3DeepNestingIsRejectedWithoutStackOverflow() {
        assertBadRequest(b("[".repeat(100_000)));
        assertBadRequest(b("{\"id\":1,\"publish\":{\"data\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}}"));
        assertBadRequest(b("{\"x\":" + "{\"a\":".repeat(70) + "1" + "}".repeat(70) + "}"));
    }

    @Test
    void p4OversizedTokensAreRejected() {
        String million = "1".repeat(1_000_000);
        assertBadRequest(b("{\"id\":" + million + "}"));
        assertBadRequest(b("{\"id\":1,\"publish\":{\"channel\":\"c\",\"data\":[" + million + "]}}"));
        assertBadRequest(b("{\"unknown\":" + million + ".5}"));
        assertBadRequest(b("{\"" + "k".repeat(100_000) + "\":1}"));
        assertBadRequest(b("{\"id\":1,\"publish\":{\"channel\":\"" + "s".repeat((1 << 20) + 1) + "\"}}"));
        JsonCodec small = new JsonCodec(new JsonLimits(64, 64, 100, 16));
        assertThrows(ProtocolException.class,
                () -> small.decodeCommands(b("{\"id\":1,\"subscribe\":{\"channel\":\"" + "s".repeat(101) + "\"}}")));
    }

    @Test
    void p5DuplicateKeysAreRejected() {
        assertBadRequest(b("{\"id\":1,\"id\":2}"));
        assertBadRequest(b("{\"id\":1,\"publish\":{\"channel\":\"a\",\"channel\":\"b\"}}"));
        assertBadRequest(b("{\"id\":1,\"publish\":{\"channel\":\"a\",\"data\":{\"op\":\"sub\",\"op\":\"pub\"}}}"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"id\":\"x\"}", "{\"id\":-1}", "{\"id\":1.5}", "{\"id\":4294967296}", "{\"id\":true}",
            "{\"id\":1,\"subscribe\":{\"channel\":5}}", "{\"id\":1,\"subscribe\":[]}", "{\"id\":1,\"connect\":\"x\"}",
            "{\"id\":1,\"subscribe\":{\"channel\":\"c\",\"recover\":\"yes\"}}",
            "{\"id\":1,\"subscribe\":{\"channel\":\"c\",\"offset\":-1}}",
            "{\"id\":1,\"subscribe\":{\"channel\":\"c\",\"offset\":99999999999999999999}}",
            "{\"id\":1,\"history\":{\"channel\":\"c\",\"limit\":3000000000}}",
            "{\"id\":1,\"history\":{\"channel\":\"c\",\"since\":[1]}}",
            "{\"id\":1,\"connect\":{\"subs\":{\"a\":1}}}", "{\"id\":1,\"connect\":{\"subs\":[]}}"})
    void p6WrongTypes(String input) {
        assertBadRequest(b(input));
    }

    @Test
    void invalidUtf8IsRejected() {
        byte[][] bad = {{'{', '"', 'x', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'},
                {'{', '"', 'x', '"', ':', '"', (byte) 0xFF, '"', '}'},
                {'{', '"', 'x', '"', ':', '"', (byte) 0xC0, (byte) 0xAF, '"', '}'}, // overlong '/'
                {'{', '"', 'x', '"', ':', '"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"', '}'}, // surrogate
                {'{', '"', 'x', '"', ':', '"', (byte) 0xE6, (byte) 0x97, '"', '}'}, // truncated
                {'{', '"', 'x', '"', ':', '"', (byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80, '"', '}'},
                {'{', (byte) 0xE6}};
        for (byte[] input : bad) {
            assertBadRequest(input);
        }
    }

    // ---- encode ----

    @Test
    void typicalSession() throws Exception {
        assertEquals("{\"id\":1,\"connect\":{\"client\":\"c1\",\"version\":\"0.1.0\",\"ping\":25,\"pong\":true}}",
                reply(Reply.result(1, new Result.Connect("c1", "0.1.0", false, 0, null, null, 25, true, "", null))));
        assertEquals(
                "{\"id\":2,\"subscribe\":{\"recoverable\":true,\"epoch\":\"xCVlqLpf\",\"offset\":14,\"positioned\":true}}",
                reply(Reply.result(2,
                        new Result.Subscribe(false, 0, true, "xCVlqLpf", List.of(), false, 14, true, null, false))));
        Publication pub = new Publication(b("{\"text\":\"hi\"}"), null, 15, null);
        assertEquals("{\"push\":{\"channel\":\"chat:42\",\"pub\":{\"data\":{\"text\":\"hi\"},\"offset\":15}}}",
                reply(Reply.push(new Push("chat:42", pub))));
        assertEquals("{}", reply(Reply.PING));
        assertEquals("{\"id\":3,\"publish\":{}}", reply(Reply.result(3, new Result.Publish())));
        assertEquals("{\"id\":4,\"error\":{\"code\":103,\"message\":\"permission denied\"}}",
                reply(Reply.error(4, ProtocolError.of(ErrorCode.PERMISSION_DENIED))));
        assertEquals("{\"id\":4,\"error\":{\"code\":100,\"message\":\"internal server error\",\"temporary\":true}}",
                reply(Reply.error(4, ProtocolError.of(ErrorCode.INTERNAL))));
        assertEquals(
                "{\"push\":{\"channel\":\"chat:42\",\"unsubscribe\":{\"code\":2000,\"reason\":\"server unsubscribe\"}}}",
                reply(Reply.push(new Push("chat:42", new PushBody.Unsubscribe(2000, "server unsubscribe")))));
        assertEquals(
                "{\"id\":5,\"subscribe\":{\"recoverable\":true,\"epoch\":\"E\",\"publications\":[{\"data\":{\"n\":1},"
                        + "\"offset\":16}],\"recovered\":true,\"offset\":15,\"positioned\":true,\"was_recovering\":true}}",
                reply(Reply.result(5, new Result.Subscribe(false, 0, true, "E",
                        List.of(new Publication(b("{\"n\":1}"), null, 16, Map.of())), true, 15, true, null, true))));
    }

    @Test
    void resultIsPresentWhenEmptyAndZeroValuesAreOmitted() throws Exception {
        assertEquals("{\"id\":7,\"unsubscribe\":{}}", reply(Reply.result(7, new Result.Unsubscribe())));
        assertEquals("{\"id\":7,\"connect\":{}}",
                reply(Reply.result(7,
                        new Result.Connect("", null, false, 0, new byte[0], Map.of(), 0, false, "", ""))));
        assertEquals("{\"id\":7,\"subscribe\":{}}", reply(Reply.result(7,
                new Result.Subscribe(false, 0, false, "", null, false, 0, false, null, false))));
        assertEquals("{\"id\":7,\"rpc\":{}}", reply(Reply.result(7, new Result.Rpc(null))));
        assertEquals("{\"id\":7,\"refresh\":{}}", reply(Reply.result(7, new Result.Refresh("", "", false, 0))));
        assertEquals("{\"id\":7,\"sub_refresh\":{}}", reply(Reply.result(7, new Result.SubRefresh(false, 0))));
        assertEquals("{\"error\":{\"code\":107}}", reply(Reply.error(0, new ProtocolError(107, "", false))));
        assertEquals("{\"push\":{}}", reply(Reply.push(new Push("", null))));
    }

    /** Fields the protocol's easyjson encoder writes without omitempty; centrifuge-js reads them with no default. */
    @Test
    void fieldsWithoutOmitEmptyAreWrittenWhenZero() throws Exception {
        assertEquals("{\"id\":7,\"presence\":{\"presence\":{}}}",
                reply(Reply.result(7, new Result.Presence(Map.of()))));
        assertEquals("{\"id\":7,\"presence_stats\":{\"num_clients\":0,\"num_users\":0}}",
                reply(Reply.result(7, new Result.PresenceStats(0, 0))));
        assertEquals("{\"id\":7,\"history\":{\"publications\":[],\"epoch\":\"\",\"offset\":0}}",
                reply(Reply.result(7, new Result.History(null, null, 0))));
        ClientInfo anonymous = new ClientInfo("", "c2", null, null);
        assertEquals("{\"push\":{\"channel\":\"ch\",\"join\":{\"info\":{\"user\":\"\",\"client\":\"c2\"}}}}",
                reply(Reply.push(new Push("ch", new PushBody.Join(anonymous)))));
    }

    @Test
    void encodesAllResultFields() throws Exception {
        Result.Subscribe sub = new Result.Subscribe(true, 60, true, "E", null, false, 3, true, b("{\"s\":1}"), false);
        Map<String, Result.Subscribe> subs = new LinkedHashMap<>();
        subs.put("news", sub);
        assertEquals(
                "{\"id\":1,\"connect\":{\"client\":\"c\",\"version\":\"v\",\"expires\":true,\"ttl\":30,\"data\":[1],"
                        + "\"subs\":{\"news\":{\"expires\":true,\"ttl\":60,\"recoverable\":true,\"epoch\":\"E\",\"offset\":3,"
                        + "\"positioned\":true,\"data\":{\"s\":1}}},\"ping\":25,\"pong\":true,\"session\":\"s\",\"node\":\"n\"}}",
                reply(Reply.result(1, new Result.Connect("c", "v", true, 30, b("[1]"), subs, 25, true, "s", "n"))));
        Map<String, ClientInfo> presence = new LinkedHashMap<>();
        presence.put("c1", new ClientInfo("u1", "c1", b("{\"name\":\"A\"}"), b("\"x\"")));
        presence.put("c2", new ClientInfo("", "c2", null, null));
        assertEquals("{\"id\":2,\"presence\":{\"presence\":{\"c1\":{\"user\":\"u1\",\"client\":\"c1\",\"conn_info\":"
                + "{\"name\":\"A\"},\"chan_info\":\"x\"},\"c2\":{\"user\":\"\",\"client\":\"c2\"}}}}",
                reply(Reply.result(2, new Result.Presence(presence))));
        assertEquals("{\"id\":3,\"presence_stats\":{\"num_clients\":2,\"num_users\":1}}",
                reply(Reply.result(3, new Result.PresenceStats(2, 1))));
        Publication pub = new Publication(b("1"), new ClientInfo("u", "c", null, null), 9, Map.of("k", "v"));
        assertEquals("{\"id\":4,\"history\":{\"publications\":[{\"data\":1,\"info\":{\"user\":\"u\",\"client\":\"c\"},"
                + "\"offset\":9,\"tags\":{\"k\":\"v\"}}],\"epoch\":\"E\",\"offset\":9}}",
                reply(Reply.result(4, new Result.History(List.of(pub), "E", 9))));
        assertEquals("{\"id\":5,\"rpc\":{\"data\":{\"r\":true}}}",
                reply(Reply.result(5, new Result.Rpc(b("{\"r\":true}")))));
        assertEquals("{\"id\":6,\"refresh\":{\"client\":\"c\",\"version\":\"v\",\"expires\":true,\"ttl\":600}}",
                reply(Reply.result(6, new Result.Refresh("c", "v", true, 600))));
        assertEquals("{\"id\":7,\"sub_refresh\":{\"expires\":true,\"ttl\":60}}",
                reply(Reply.result(7, new Result.SubRefresh(true, 60))));
    }

    @Test
    void encodesAllPushBodies() throws Exception {
        ClientInfo info = new ClientInfo("u", "c", null, null);
        assertEquals("{\"channel\":\"c\",\"join\":{\"info\":{\"user\":\"u\",\"client\":\"c\"}}}",
                s(codec.encodePush(new Push("c", new PushBody.Join(info)))));
        assertEquals("{\"channel\":\"c\",\"leave\":{\"info\":{\"user\":\"u\",\"client\":\"c\"}}}",
                s(codec.encodePush(new Push("c", new PushBody.Leave(info)))));
        assertEquals("{\"message\":{\"data\":\"m\"}}",
                s(codec.encodePush(new Push("", new PushBody.Message(b("\"m\""))))));
        assertEquals(
                "{\"channel\":\"c\",\"subscribe\":{\"recoverable\":true,\"epoch\":\"E\",\"offset\":2,\"positioned\":true,"
                        + "\"data\":{}}}",
                s(codec.encodePush(new Push("c", new PushBody.Subscribe(true, "E", 2, true, b("{}"))))));
        assertEquals("{\"connect\":{\"client\":\"c\",\"version\":\"v\",\"ping\":25,\"session\":\"s\"}}",
                s(codec.encodePush(
                        new Push("", new PushBody.Connect(
                                new Result.Connect("c", "v", false, 0, null, null, 25, false, "s", ""))))));
        assertEquals("{\"disconnect\":{\"code\":3001,\"reason\":\"shutdown\"}}",
                s(codec.encodePush(new Push("", new PushBody.Disconnect(3001, "shutdown")))));
        assertEquals("{\"refresh\":{\"expires\":true,\"ttl\":5}}",
                s(codec.encodePush(new Push(null, new PushBody.Refresh(true, 5)))));
        assertEquals("{\"push\":{\"disconnect\":{\"code\":3001,\"reason\":\"shutdown\"}}}",
                reply(Reply.push(new Push("", new PushBody.Disconnect(3001, "shutdown")))));
        assertEquals("{}", s(codec.encodePush(new Push("", null))));
    }

    @Test
    void payloadNewlinesAreStrippedOnOutput() throws Exception {
        String out = reply(
                Reply.push(new Push("c", new Publication(b("{\"a\":\n1,\r\n\"b\":\"x\\ny\"}"), null, 0, null))));
        assertEquals("{\"push\":{\"channel\":\"c\",\"pub\":{\"data\":{\"a\":1,\"b\":\"x\\ny\"}}}}", out);
        String strings = reply(Reply.result(1, new Result.Refresh("line1\nline2", "\r", false, 0)));
        assertFalse(strings.contains("\n") || strings.contains("\r"), strings);
    }

    @Test
    void binaryPayloadIsInappropriateProtocol() {
        for (byte[] bad : new byte[][]{{0, 1, 2, (byte) 0xFF}, b("{\"a\":"), b("1 2"), b("{}x"), b("   "),
                {'"', (byte) 0xC0, (byte) 0xAF, '"'}}) {
            ProtocolException e = assertThrows(ProtocolException.class,
                    () -> codec.encodeReply(Reply.result(1, new Result.Rpc(bad))));
            assertEquals(DisconnectCode.INAPPROPRIATE_PROTOCOL, e.disconnect());
            assertEquals(3506, e.disconnect().code());
        }
        assertThrows(ProtocolException.class, () -> codec.encodePush(new Push("c",
                new PushBody.Join(new ClientInfo("u", "c", new byte[]{(byte) 0x89, 'P', 'N', 'G'}, null)))));
    }

    @Test
    void roundTripThroughDecodedPayloads() throws Exception {
        Request.Publish p = req("{\"id\":3,\"publish\":{\"channel\":\"c\",\"data\":{\"x\":[1,{\"y\":null}]}}}",
                Request.Publish.class);
        assertEquals("{\"push\":{\"channel\":\"c\",\"pub\":{\"data\":{\"x\":[1,{\"y\":null}]}}}}",
                reply(Reply.push(new Push(p.channel(), new Publication(p.data(), null, 0, null)))));
    }

    @Test
    void joinUsesSingleNewlinesWithoutTrailer() {
        assertEquals("{\"id\":1}\n{}\n{\"id\":2}", s(codec.join(List.of(b("{\"id\":1}"), b("{}"), b("{\"id\":2}")))));
        assertEquals("{}", s(codec.join(List.of(b("{}")))));
        assertEquals("", s(codec.join(List.of())));
        assertEquals(ProtocolFormat.JSON, codec.format());
    }
}
