package io.pulsegate.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Map subscriptions over the JSON protocol: phases, live changes, recovery and bad input. */
class MapSubscribeFlowTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String[] CONFIG = {
            "pulsegate.namespaces.board.subscription-type", "map",
            "pulsegate.namespaces.board.map.mode", "persistent",
            "pulsegate.namespaces.board.map.stream-size", "300",
            "pulsegate.namespaces.board.map.max-keys", "400",
            "pulsegate.namespaces.board.map.max-value-size", "64",
            "pulsegate.namespaces.board.allow-subscribe-for-client", "true",
            "pulsegate.namespaces.board.allow-publish-for-client", "true",
            "pulsegate.namespaces.eph.subscription-type", "map",
            "pulsegate.namespaces.eph.map.mode", "ephemeral",
            "pulsegate.namespaces.eph.map.key-ttl", "1m",
            "pulsegate.namespaces.eph.allow-subscribe-for-client", "true",
            "pulsegate.namespaces.eph.allow-publish-for-client", "true",
            "pulsegate.namespaces.chat.allow-subscribe-for-client", "true",
            "pulsegate.client.command-rate", "100000",
            "pulsegate.client.command-burst", "100000"};

    private final SessionHarness harness = new SessionHarness(CONFIG);
    private final FakeTransport writerTransport = new FakeTransport();
    private final ClientSession writer = harness.open(writerTransport);
    private final FakeTransport transport = new FakeTransport();
    private final ClientSession session = harness.open(transport);
    private long nextId = 10;

    MapSubscribeFlowTest() {
        connect(writer, writerTransport, "writer");
        connect(session, transport, "reader");
    }

    private void connect(ClientSession s, FakeTransport t, String user) {
        SessionHarness.send(s, t, "{\"id\":1,\"connect\":{\"token\":\"" + harness.token(user, 3600) + "\"}}");
    }

    private JsonNode write(String channel, String key, String data) {
        String body = data == null
                ? "\"removed\":true"
                : "\"data\":" + data;
        return command(writer, writerTransport, "publish", "{\"channel\":\"" + channel + "\",\"type\":1,\"key\":\""
                + key + "\"," + body + "}");
    }

    private JsonNode subscribe(String fields) {
        return command(session, transport, "subscribe", "{" + fields + "}");
    }

    /** Sends one command and returns its reply (the last item with its id). */
    private JsonNode command(ClientSession s, FakeTransport t, String method, String body) {
        long id = nextId++;
        SessionHarness.send(s, t, "{\"id\":" + id + ",\"" + method + "\":" + body + "}");
        for (JsonNode item : parsed(t)) {
            if (item.path("id").asLong() == id) {
                return item;
            }
        }
        throw new AssertionError("no reply to " + id + " in " + t.items());
    }

    private static List<JsonNode> parsed(FakeTransport t) {
        List<JsonNode> nodes = new ArrayList<>();
        for (String item : t.items()) {
            try {
                nodes.add(JSON.readTree(item));
            } catch (Exception e) {
                throw new AssertionError(item, e);
            }
        }
        return nodes;
    }

    private List<JsonNode> pushes(String channel) {
        transport.runTasks();
        return parsed(transport).stream().filter(n -> n.has("push") && channel.equals(n.path("push").path("channel")
                .asText())).map(n -> n.path("push").path("pub")).toList();
    }

    private static List<String> keys(JsonNode entries) {
        List<String> keys = new ArrayList<>();
        entries.forEach(e -> keys.add(e.path("key").asText()));
        return keys;
    }

    @Test
    void aSmallMapIsSentWholeAndGoesLiveInOneReplyThenChangesFollow() {
        write("board:a", "b", "{\"v\":2}");
        write("board:a", "a", "{\"v\":1}");
        JsonNode reply = subscribe("\"channel\":\"board:a\",\"type\":1,\"phase\":2").path("subscribe");
        assertEquals(1, reply.path("type").asInt());
        assertFalse(reply.has("phase"), "live: phase 0 is omitted, the SDK tests !phase");
        assertEquals(List.of("a", "b"), keys(reply.path("state")));
        assertEquals(1, reply.path("state").get(0).path("data").path("v").asInt());
        assertEquals(2, reply.path("offset").asLong());
        assertTrue(reply.path("recoverable").asBoolean());
        write("board:a", "a", "{\"v\":3}");
        write("board:a", "b", null);
        List<JsonNode> pubs = pushes("board:a");
        assertEquals(2, pubs.size(), transport.items().toString());
        assertEquals("a", pubs.get(0).path("key").asText());
        assertEquals(3, pubs.get(0).path("offset").asLong());
        assertTrue(pubs.get(1).path("removed").asBoolean());
        assertFalse(pubs.get(1).has("data"));
    }

    @Test
    void statePagesAreFrozenAndChangesBetweenPagesArriveWithTheLiveJoin() {
        for (int i = 0; i < 250; i++) {
            write("board:p", String.format("k%03d", i), "{\"i\":" + i + "}");
        }
        JsonNode first = subscribe("\"channel\":\"board:p\",\"type\":1,\"phase\":2,\"limit\":100").path("subscribe");
        assertEquals(2, first.path("phase").asInt());
        assertEquals(100, first.path("state").size());
        String epoch = first.path("epoch").asText();
        long offset = first.path("offset").asLong();
        assertEquals(250, offset);
        write("board:p", "k150", "{\"i\":-1}"); // on a later page: left out there, brought by the stream
        String page = "\"channel\":\"board:p\",\"type\":1,\"phase\":2,\"limit\":100,\"offset\":" + offset
                + ",\"epoch\":\"" + epoch + "\",\"cursor\":\"";
        JsonNode second = subscribe(page + first.path("cursor").asText() + "\"").path("subscribe");
        assertEquals(2, second.path("phase").asInt());
        assertFalse(keys(second.path("state")).contains("k150"), "changed after the frozen position");
        assertEquals(99, second.path("state").size());
        JsonNode last = subscribe(page + second.path("cursor").asText() + "\"").path("subscribe");
        assertFalse(last.has("phase"), "the last page goes live: " + last);
        assertEquals(50, last.path("state").size());
        assertEquals(1, last.path("publications").size());
        assertEquals("k150", last.path("publications").get(0).path("key").asText());
        assertEquals(251, last.path("offset").asLong());
        write("board:p", "k000", "{\"i\":0}");
        assertEquals(252, pushes("board:p").get(0).path("offset").asLong());
    }

    @Test
    void aReconnectingClientCatchesUpFromTheStreamWithoutTheState() {
        write("board:r", "a", "1");
        JsonNode live = subscribe("\"channel\":\"board:r\",\"type\":1,\"phase\":2").path("subscribe");
        String epoch = live.path("epoch").asText();
        command(session, transport, "unsubscribe", "{\"channel\":\"board:r\"}");
        write("board:r", "b", "2");
        write("board:r", "a", null);
        JsonNode recovered = subscribe("\"channel\":\"board:r\",\"type\":1,\"phase\":1,\"recover\":true,\"offset\":1,"
                + "\"epoch\":\"" + epoch + "\"").path("subscribe");
        assertFalse(recovered.has("phase"), recovered.toString());
        assertTrue(recovered.path("recovered").asBoolean());
        assertFalse(recovered.has("state"));
        assertEquals(List.of("b", "a"), keys(recovered.path("publications")));
        assertEquals(3, recovered.path("offset").asLong());
    }

    @Test
    void anotherEpochIsUnrecoverable() {
        write("board:e", "a", "1");
        JsonNode reply = subscribe("\"channel\":\"board:e\",\"type\":1,\"phase\":1,\"recover\":true,\"offset\":1,"
                + "\"epoch\":\"gone\"");
        assertEquals(112, reply.path("error").path("code").asInt(), reply.toString());
        assertEquals(-1, transport.closeCode);
    }

    @Test
    void anEphemeralMapBuffersChangesMadeWhilePaging() {
        for (int i = 0; i < 150; i++) {
            write("eph:x", String.format("k%03d", i), "1");
        }
        JsonNode first = subscribe("\"channel\":\"eph:x\",\"type\":1,\"phase\":2").path("subscribe");
        assertEquals(2, first.path("phase").asInt());
        write("eph:x", "k120", "2");
        write("eph:x", "new", "3");
        assertTrue(pushes("eph:x").isEmpty(), "nothing before the live reply");
        JsonNode last = subscribe("\"channel\":\"eph:x\",\"type\":1,\"phase\":2,\"offset\":" + first.path("offset")
                .asLong() + ",\"epoch\":\"" + first.path("epoch").asText() + "\",\"cursor\":\""
                + first.path(
                        "cursor").asText()
                + "\"").path("subscribe");
        assertFalse(last.has("phase"), last.toString());
        assertFalse(last.path("recoverable").asBoolean());
        List<JsonNode> pubs = pushes("eph:x");
        assertEquals(List.of("k120", "new"), pubs.stream().map(p -> p.path("key").asText()).toList());
    }

    @Test
    void badPagesAreRefusedAndTheConnectionStays() {
        for (int i = 0; i < 120; i++) {
            write("board:b", "k" + i, "1");
        }
        JsonNode stray = subscribe("\"channel\":\"board:b\",\"type\":1,\"phase\":2,\"cursor\":\"k5\"");
        assertEquals(103, stray.path("error").path("code").asInt(), "a cursor without a pagination");
        JsonNode first = subscribe("\"channel\":\"board:b\",\"type\":1,\"phase\":2").path("subscribe");
        String at = ",\"offset\":" + first.path("offset").asLong() + ",\"epoch\":\"" + first.path("epoch").asText()
                + "\"";
        JsonNode outOfOrder = subscribe("\"channel\":\"board:b\",\"type\":1,\"phase\":2,\"cursor\":\"zzz\"" + at);
        assertEquals(107, outOfOrder.path("error").path("code").asInt());
        JsonNode again = subscribe("\"channel\":\"board:b\",\"type\":1,\"phase\":2").path("subscribe");
        JsonNode phase = subscribe("\"channel\":\"board:b\",\"type\":1,\"phase\":7" + at);
        assertEquals(107, phase.path("error").path("code").asInt(), "unknown phase: " + again);
        JsonNode stream = subscribe("\"channel\":\"chat:s\",\"type\":1,\"phase\":2");
        assertEquals(103, stream.path("error").path("code").asInt(), "map type on a stream namespace");
        JsonNode plain = subscribe("\"channel\":\"board:b\"");
        assertEquals(103, plain.path("error").path("code").asInt(), "stream type on a map namespace");
        assertEquals(-1, transport.closeCode);
        assertEquals(2.0, harness.meters.find("pulsegate_errors_total").tag("code", "107").counter().count(),
                "each refusal is counted");
    }

    @Test
    void writeLimitsAnswerClearErrors() {
        JsonNode big = write("board:l", "k", "\"" + "x".repeat(100) + "\"");
        assertEquals(107, big.path("error").path("code").asInt(), big.toString());
        JsonNode noKey = write("board:l", "", "1");
        assertEquals(107, noKey.path("error").path("code").asInt());
        for (int i = 0; i < 400; i++) {
            assertFalse(write("board:l", "k" + i, "1").has("error"));
        }
        JsonNode full = write("board:l", "one-more", "1");
        assertEquals(106, full.path("error").path("code").asInt(), full.toString());
        JsonNode stream = command(writer, writerTransport, "publish", "{\"channel\":\"board:l\",\"data\":{}}");
        assertEquals(107, stream.path("error").path("code").asInt(), "plain publish into a map channel");
        assertEquals(-1, writerTransport.closeCode);
    }
}
