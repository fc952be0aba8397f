package io.pulsegate.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
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
import io.pulsegate.protocol.Publication;
import io.pulsegate.protocol.StreamPosition;

class ApiJsonTest {

    private final ApiJson api = new ApiJson();

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String s(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    private <T extends ApiRequest> T decode(String method, String body, Class<T> type) throws ApiException {
        return assertInstanceOf(type, api.decode(method, b(body)));
    }

    private ApiException fails(String method, String body) {
        return assertThrows(ApiException.class, () -> api.decode(method, b(body)));
    }

    // ---- decode ----

    @Test
    void decodesPublish() throws Exception {
        ApiRequest.Publish p = decode("publish",
                "{\"channel\":\"chat\",\"data\":{\"text\":\"hello\"},\"skip_history\":true,"
                        + "\"tags\":{\"k\":\"v\"},\"idempotency_key\":\"ik\",\"delta\":true,\"version\":3}",
                ApiRequest.Publish.class);
        assertEquals("chat", p.channel());
        assertEquals("{\"text\":\"hello\"}", s(p.data()));
        assertFalse(p.binary());
        assertTrue(p.skipHistory());
        assertEquals(Map.of("k", "v"), p.tags());
        assertEquals("ik", p.idempotencyKey());
        assertEquals("publish", p.method());
    }

    @Test
    void decodesB64DataAsBinary() throws Exception {
        ApiRequest.Publish p = decode("publish", "{\"channel\":\"c\",\"b64data\":\"AAH/\"}", ApiRequest.Publish.class);
        assertArrayEquals(new byte[]{0, 1, (byte) 0xFF}, p.data());
        assertTrue(p.binary());
        ApiRequest.Subscribe s = decode("subscribe",
                "{\"channel\":\"c\",\"user\":\"u\",\"b64info\":\"e30=\",\"data\":[1]}",
                ApiRequest.Subscribe.class);
        assertEquals("{}", s(s.info()));
        assertEquals("[1]", s(s.data()));
        assertEquals(107, fails("publish", "{\"channel\":\"c\",\"b64data\":\"not base64!\"}").error().code());
        assertEquals(107, fails("publish", "{\"channel\":\"c\",\"b64data\":\"AA==\",\"data\":1}").error().code());
    }

    @Test
    void decodesBroadcast() throws Exception {
        ApiRequest.Broadcast b = decode("broadcast", "{\"channels\":[\"a\",\"b\"],\"data\":\"x\"}",
                ApiRequest.Broadcast.class);
        assertEquals(List.of("a", "b"), b.channels());
        assertEquals("\"x\"", s(b.data()));
        assertEquals(107, fails("broadcast", "{\"channels\":[],\"data\":1}").error().code());
        assertEquals(107, fails("broadcast", "{\"channels\":[\"a\",\"\"],\"data\":1}").error().code());
    }

    @Test
    void decodesConnectionMethods() throws Exception {
        ApiRequest.Subscribe s = decode("subscribe",
                "{\"channel\":\"c\",\"user\":\"u\",\"client\":\"cl\",\"session\":\"se\","
                        + "\"expire_at\":1700000000,\"info\":{\"n\":1},\"recover_since\":{\"offset\":5,\"epoch\":\"E\"},"
                        + "\"override\":{\"presence\":{\"value\":true}}}",
                ApiRequest.Subscribe.class);
        assertEquals(new StreamPosition(5, "E"), s.recoverSince());
        assertEquals(1700000000L, s.expireAt());
        assertEquals("{\"n\":1}", s(s.info()));
        assertEquals(new ApiRequest.Unsubscribe("c", "u", "", ""),
                api.decode("unsubscribe", b("{\"channel\":\"c\",\"user\":\"u\"}")));
        ApiRequest.Disconnect d = decode("disconnect", "{\"user\":\"u\",\"whitelist\":[\"c1\"],"
                + "\"disconnect\":{\"code\":4000,\"reason\":\"bye\"}}", ApiRequest.Disconnect.class);
        assertEquals(List.of("c1"), d.whitelist());
        assertEquals(new ApiRequest.Disconnect.Reason(4000, "bye"), d.disconnect());
        assertEquals(new ApiRequest.Refresh("u", "c", "", true, 5),
                api.decode("refresh", b("{\"user\":\"u\",\"client\":\"c\",\"expired\":true,\"expire_at\":5}")));
    }

    @Test
    void decodesChannelMethods() throws Exception {
        assertEquals(new ApiRequest.Presence("c"), api.decode("presence", b("{\"channel\":\"c\"}")));
        assertEquals(new ApiRequest.PresenceStats("c"), api.decode("presence_stats", b("{\"channel\":\"c\"}")));
        assertEquals(new ApiRequest.History("c", 10, new StreamPosition(3, "E"), true), api.decode("history",
                b("{\"channel\":\"c\",\"limit\":10,\"since\":{\"offset\":3,\"epoch\":\"E\"},\"reverse\":true}")));
        assertEquals(new ApiRequest.HistoryRemove("c"), api.decode("history_remove", b("{\"channel\":\"c\"}")));
        assertEquals(new ApiRequest.Channels("chat:*"), api.decode("channels", b("{\"pattern\":\"chat:*\"}")));
        assertEquals(new ApiRequest.Info(), api.decode("info", b("{}")));
        assertEquals(new ApiRequest.Info(), api.decode("info", new byte[0]));
        assertEquals(new ApiRequest.Channels(""), api.decode("channels", null));
    }

    @Test
    void decodesBatch() throws Exception {
        ApiRequest.Batch batch = decode("batch", "{\"parallel\":true,\"commands\":[{\"publish\":{\"channel\":\"a\","
                + "\"data\":{}}},{\"broadcast\":{\"channels\":[\"x\"],\"data\":2}},{\"presence\":{}},{\"nope\":{}},"
                + "{\"batch\":{\"commands\":[]}},null,{\"info\":{},\"x\":1}]}", ApiRequest.Batch.class);
        assertTrue(batch.parallel());
        List<ApiRequest> c = batch.commands();
        assertEquals(7, c.size());
        assertInstanceOf(ApiRequest.Publish.class, c.get(0));
        assertInstanceOf(ApiRequest.Broadcast.class, c.get(1));
        assertEquals(new ApiRequest.Rejected("presence", ApiError.BAD_REQUEST), c.get(2));
        assertEquals(new ApiRequest.Rejected("", ApiError.METHOD_NOT_FOUND), c.get(3));
        assertEquals(new ApiRequest.Rejected("", ApiError.METHOD_NOT_FOUND), c.get(4));
        assertEquals(new ApiRequest.Rejected("", ApiError.METHOD_NOT_FOUND), c.get(5));
        assertEquals(new ApiRequest.Info(), c.get(6));
    }

    @Test
    void unknownMethodIs104() {
        ApiException e = fails("publishh", "{}");
        assertEquals(104, e.error().code());
        assertEquals(200, e.httpStatus());
        assertEquals(104, fails("shared_poll_publish", "{}").error().code());
    }

    @Test
    void rpcNeedsAMethodAndKeepsItsParamsRaw() throws Exception {
        assertEquals(107, fails("rpc", "{}").error().code());
        ApiRequest.Rpc rpc = (ApiRequest.Rpc) api.decode("rpc", b("{\"method\":\"orders:get\",\"params\":{\"id\":7}}"));
        assertEquals("orders:get", rpc.rpcMethod());
        assertEquals("{\"id\":7}", s(rpc.params()));
        assertEquals("{\"result\":{\"data\":{\"ok\":true}}}", s(api.encodeResult(new ApiResult.RpcResult(
                b("{\"ok\":true}")))));
    }

    @Test
    void missingRequiredFieldsAre107() {
        for (String[] c : new String[][]{{"publish", "{\"data\":1}"}, {"publish", "{\"channel\":\"c\"}"},
                {"publish", "{\"channel\":\"c\",\"data\":null}"}, {"broadcast", "{\"data\":1}"},
                {"subscribe", "{\"channel\":\"c\"}"}, {"unsubscribe", "{\"user\":\"u\"}"},
                {"disconnect", "{}"}, {"refresh", "{}"}, {"presence", "{}"}, {"presence_stats", "{}"},
                {"history", "{\"limit\":1}"}, {"history_remove", "{}"}}) {
            ApiException e = fails(c[0], c[1]);
            assertEquals(107, e.error().code(), c[0] + " " + c[1]);
            assertEquals(200, e.httpStatus());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"not json", "[]", "{", "{\"channel\":\"c\",\"data\":1}x", "{\"channel\":5,\"data\":1}",
            "{\"channel\":\"c\",\"data\":1,\"data\":2}", "{\"channel\":\"c\",\"data\":1,\"tags\":[1]}",
            "{\"channel\":\"c\",\"data\":1,\"skip_history\":\"yes\"}", "\"str\"", "{\"a\":1}{\"b\":2}"})
    void malformedBodiesAre400(String body) {
        ApiException e = fails("publish", body);
        assertEquals(400, e.httpStatus());
        assertEquals(0, e.getStackTrace().length);
    }

    @Test
    void limitsApplyToApiBodies() {
        assertEquals(400, fails("publish", "{\"channel\":\"c\",\"data\":" + "[".repeat(100_000) + "}").httpStatus());
        assertEquals(400, fails("publish", "{\"channel\":\"c\",\"data\":" + "9".repeat(1000) + "}").httpStatus());
        assertEquals(400, fails("batch", "{\"commands\":{}}").httpStatus());
        assertEquals(400, assertThrows(ApiException.class,
                () -> api.decode("publish", new byte[]{'{', '"', (byte) 0xFF, '"', ':', '1', '}'})).httpStatus());
    }

    // ---- encode ----

    @Test
    void encodesResults() throws Exception {
        assertEquals("{\"result\":{}}", s(api.encodeResult(ApiResult.EMPTY)));
        assertEquals("{\"result\":{}}", s(api.encodeResult(new ApiResult.PublishResult(0, ""))));
        assertEquals("{\"result\":{\"offset\":4,\"epoch\":\"qFhv\"}}",
                s(api.encodeResult(new ApiResult.PublishResult(4, "qFhv"))));
        assertEquals("{\"error\":{\"code\":102,\"message\":\"unknown channel\"}}",
                s(api.encodeError(ApiError.UNKNOWN_CHANNEL)));
        assertEquals("{\"result\":{\"responses\":[{\"result\":{\"offset\":1,\"epoch\":\"E\"}},{\"result\":{}},"
                + "{\"error\":{\"code\":102,\"message\":\"unknown channel\"}}]}}",
                s(api.encodeResult(new ApiResult.BroadcastResult(List.of(
                        ApiResult.BroadcastResponse.ok(new ApiResult.PublishResult(1, "E")),
                        ApiResult.BroadcastResponse.ok(new ApiResult.PublishResult(0, "")),
                        ApiResult.BroadcastResponse.failed(ApiError.UNKNOWN_CHANNEL))))));
        Map<String, ClientInfo> presence = new LinkedHashMap<>();
        presence.put("c1", new ClientInfo("u", "c1", b("{\"a\":\n1}"), null));
        assertEquals("{\"result\":{\"presence\":{\"c1\":{\"user\":\"u\",\"client\":\"c1\",\"conn_info\":{\"a\":1}}}}}",
                s(api.encodeResult(new ApiResult.PresenceResult(presence))));
        assertEquals("{\"result\":{\"num_clients\":3,\"num_users\":2}}",
                s(api.encodeResult(new ApiResult.PresenceStatsResult(3, 2))));
        assertEquals("{\"result\":{\"publications\":[{\"data\":{\"x\":1},\"offset\":7,\"tags\":{\"t\":\"1\"}}],"
                + "\"epoch\":\"E\",\"offset\":7}}",
                s(api.encodeResult(new ApiResult.HistoryResult(
                        List.of(new Publication(b("{\"x\":1}"), null, 7, Map.of("t", "1"))), "E", 7))));
        Map<String, Long> channels = new LinkedHashMap<>();
        channels.put("chat", 2L);
        channels.put("idle", 0L);
        assertEquals("{\"result\":{\"channels\":{\"chat\":{\"num_clients\":2},\"idle\":{}}}}",
                s(api.encodeResult(new ApiResult.ChannelsResult(channels))));
        assertEquals("{\"result\":{\"nodes\":[{\"uid\":\"id\",\"name\":\"n1\",\"version\":\"0.1.0\",\"num_clients\":1,"
                + "\"num_users\":1,\"num_channels\":2,\"num_subs\":3,\"uptime\":60}]}}",
                s(api.encodeResult(new ApiResult.InfoResult(
                        List.of(new ApiResult.NodeInfo("id", "n1", "0.1.0", 1, 1, 2, 3, 60))))));
    }

    /** Centrifugo's API schema writes these without omitempty; backends and SDK tests read them unguarded. */
    @Test
    void zeroCountersAndEmptyHistoryAreWritten() throws Exception {
        assertEquals("{\"result\":{\"num_clients\":0,\"num_users\":0}}",
                s(api.encodeResult(new ApiResult.PresenceStatsResult(0, 0))));
        assertEquals("{\"result\":{\"publications\":[],\"epoch\":\"E\",\"offset\":0}}",
                s(api.encodeResult(new ApiResult.HistoryResult(List.of(), "E", 0))));
        assertEquals("{\"result\":{\"nodes\":[{\"uid\":\"id\",\"name\":\"n1\",\"version\":\"0.1.0\",\"num_clients\":0,"
                + "\"num_users\":0,\"num_channels\":0,\"num_subs\":0}]}}",
                s(api.encodeResult(new ApiResult.InfoResult(
                        List.of(new ApiResult.NodeInfo("id", "n1", "0.1.0", 0, 0, 0, 0, 0))))));
    }

    @Test
    void encodesBatchWithoutResultWrapper() throws Exception {
        assertEquals("{\"replies\":[{\"publish\":{}},{\"error\":{\"code\":102,\"message\":\"unknown channel\"}},"
                + "{\"presence_stats\":{\"num_clients\":1,\"num_users\":1}}]}",
                s(api.encodeBatch(List.of(ApiReply.ok("publish", ApiResult.EMPTY),
                        ApiReply.failed(ApiError.UNKNOWN_CHANNEL),
                        ApiReply.ok("presence_stats", new ApiResult.PresenceStatsResult(1, 1))))));
        assertEquals("{\"replies\":[]}", s(api.encodeBatch(List.of())));
    }

    @Test
    void binaryHistoryCannotBeEncodedAsJson() {
        ApiException e = assertThrows(ApiException.class, () -> api.encodeResult(new ApiResult.HistoryResult(
                List.of(new Publication(new byte[]{0, (byte) 0xFF}, null, 1, null)), "E", 1)));
        assertEquals(500, e.httpStatus());
        assertEquals(100, e.error().code());
    }
}
