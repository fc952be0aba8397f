package io.pulsegate.proxy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.pulsegate.auth.ChannelOverride;
import io.pulsegate.protocol.json.JsonCodec;

/** Centrifugo's HTTP proxy bodies, byte for byte (request) and field by field (answers). */
class JsonProxyCodecTest {

    private final JsonProxyCodec codec = new JsonProxyCodec(new JsonCodec().factory());
    private final Caller caller = new Caller("c1", "websocket", "json", "u1", b("{\"tier\":\"gold\"}"),
            Caller.Headers.NONE);

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private String encode(ProxyEvent event, Caller who, ProxyRequest request, boolean binary, boolean meta)
            throws Exception {
        return new String(codec.encode(event, who, request, binary, meta), StandardCharsets.UTF_8);
    }

    @Test
    void connectRequestCarriesNoUserAndOmitsEmptyFields() throws Exception {
        Caller anonymous = new Caller("c1", "websocket", "json", "", null, Caller.Headers.NONE);
        assertEquals("{\"client\":\"c1\",\"transport\":\"websocket\",\"protocol\":\"json\",\"encoding\":\"json\"}",
                encode(ProxyEvent.CONNECT, anonymous, ProxyRequest.connect(null, "", "", List.of()), false, false));
        assertEquals("{\"client\":\"c1\",\"transport\":\"websocket\",\"protocol\":\"json\",\"encoding\":\"json\","
                + "\"name\":\"js\",\"version\":\"5.7\",\"channels\":[\"news\"],\"data\":{\"x\":1}}",
                encode(ProxyEvent.CONNECT, anonymous, ProxyRequest.connect(b("{\"x\":1}"), "js", "5.7",
                        List.of("news")), false, false));
    }

    @Test
    void otherEventsAlwaysCarryTheUserEvenWhenAnonymous() throws Exception {
        Caller anonymous = new Caller("c2", "sse", "protobuf", "", null, Caller.Headers.NONE);
        assertEquals("{\"client\":\"c2\",\"transport\":\"sse\",\"protocol\":\"protobuf\",\"encoding\":\"json\","
                + "\"user\":\"\",\"method\":\"echo\",\"data\":[1]}",
                encode(ProxyEvent.RPC, anonymous, ProxyRequest.rpc("echo", b("[1]")), false, false));
        assertEquals("{\"client\":\"c1\",\"transport\":\"websocket\",\"protocol\":\"json\",\"encoding\":\"json\","
                + "\"user\":\"u1\",\"channel\":\"chat:1\"}",
                encode(ProxyEvent.SUB_REFRESH, caller, ProxyRequest.subRefresh("chat:1"), false, false));
    }

    @Test
    void binaryEncodingSendsBase64AndMetaOnlyWhenIncluded() throws Exception {
        assertEquals("{\"client\":\"c1\",\"transport\":\"websocket\",\"protocol\":\"json\",\"encoding\":\"binary\","
                + "\"user\":\"u1\",\"channel\":\"ch\",\"b64data\":\"AAH/\",\"meta\":{\"tier\":\"gold\"}}",
                encode(ProxyEvent.PUBLISH, caller, ProxyRequest.publish("ch", new byte[]{0, 1, (byte) 0xFF}), true,
                        true));
    }

    @Test
    void nonJsonDataWithoutBinaryEncodingCannotBeSent() {
        assertThrows(ProxyCodec.PayloadException.class, () -> codec.encode(ProxyEvent.PUBLISH, caller,
                ProxyRequest.publish("ch", new byte[]{0, 1}), false, false));
    }

    @Test
    void decodesEveryResultField() throws Exception {
        ProxyDecision d = codec.decode(ProxyEvent.CONNECT, b("{\"result\":{\"user\":\"56\",\"expire_at\":1700000000,"
                + "\"info\":{\"n\":1},\"data\":{\"hi\":true},\"channels\":[\"a\"],\"meta\":{\"m\":2},"
                + "\"subs\":{\"b\":{\"b64info\":\"AQ==\",\"data\":{\"d\":1},\"override\":{\"presence\":{\"value\":false},"
                + "\"force_recovery\":{\"value\":true}}}},\"caps\":[{\"x\":1}],\"unknown\":{}}}"));
        ProxyResult r = assertInstanceOf(ProxyDecision.Allowed.class, d).result();
        assertEquals("56", r.user());
        assertEquals(1700000000L, r.expireAt());
        assertEquals("{\"n\":1}", new String(r.info(), StandardCharsets.UTF_8));
        assertEquals("{\"hi\":true}", new String(r.data(), StandardCharsets.UTF_8));
        assertEquals(List.of("a"), r.channels());
        assertEquals("{\"m\":2}", new String(r.meta(), StandardCharsets.UTF_8));
        assertArrayEquals(new byte[]{1}, r.subs().get("b").info());
        assertEquals(new ChannelOverride(false, null, null, true, null), r.subs().get("b").override());

        ProxyResult p = assertInstanceOf(ProxyDecision.Allowed.class, codec.decode(ProxyEvent.PUBLISH,
                b("{\"result\":{\"b64data\":\"AAE=\",\"data\":{\"ignored\":1},\"skip_history\":true,"
                        + "\"tags\":{\"t\":\"v\"},\"idempotency_key\":\"k\",\"delta\":true}}")))
                .result();
        assertArrayEquals(new byte[]{0, 1}, p.data(), "a non-empty b64data wins");
        assertTrue(p.skipHistory());
        assertEquals(Map.of("t", "v"), p.tags());
        assertEquals("k", p.idempotencyKey());
        assertTrue(p.delta());

        ProxyResult s = assertInstanceOf(ProxyDecision.Allowed.class, codec.decode(ProxyEvent.REFRESH,
                b("{\"result\":{\"expired\":true}}"))).result();
        assertTrue(s.expired());
    }

    @Test
    void disconnectWinsOverErrorAndErrorOverResult() throws Exception {
        assertEquals(new ProxyDecision.Disconnected(4500, "bye"), codec.decode(ProxyEvent.RPC,
                b("{\"result\":{},\"error\":{\"code\":1000},\"disconnect\":{\"code\":4500,\"reason\":\"bye\"}}")));
        ProxyDecision.Refused refused = assertInstanceOf(ProxyDecision.Refused.class, codec.decode(ProxyEvent.RPC,
                b("{\"result\":{},\"error\":{\"code\":1000,\"message\":\"no\",\"temporary\":true}}")));
        assertEquals(1000, refused.error().code());
        assertEquals("no", refused.error().message());
        assertTrue(refused.error().temporary());
    }

    @Test
    void anAnswerWithoutResultIsAllowedWithoutOne() throws Exception {
        assertNull(assertInstanceOf(ProxyDecision.Allowed.class, codec.decode(ProxyEvent.CONNECT, b("{}")))
                .result());
        ProxyResult empty = assertInstanceOf(ProxyDecision.Allowed.class, codec.decode(ProxyEvent.SUBSCRIBE,
                b("{\"result\":{}}"))).result();
        assertNull(empty.data());
        assertEquals("", empty.user());
    }

    @Test
    void malformedAnswersAreRejected() {
        for (String body : new String[]{"", "[]", "{\"result\":", "{\"result\":{\"user\":1}}",
                "{\"result\":{\"b64data\":\"!!\"}}", "{\"error\":{\"code\":-1}}", "{} trailing"}) {
            assertThrows(ProxyCodec.PayloadException.class, () -> codec.decode(ProxyEvent.RPC, b(body)), body);
        }
    }
}
