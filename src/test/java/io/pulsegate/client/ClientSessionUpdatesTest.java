package io.pulsegate.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.pulsegate.delta.FossilDelta;
import io.pulsegate.engine.PublishOptions;
import io.pulsegate.hub.Delivery;
import io.pulsegate.hub.Subscriber;
import io.pulsegate.protocol.DisconnectCode;
import io.pulsegate.protocol.ProtocolCodec;
import io.pulsegate.protocol.Publication;

/**
 * Delta delivery, cache recovery and batching as one session sees them on the wire (memory engine, real hub, JSON
 * codec). Time is the harness' manual scheduler, so batching windows are exact.
 */
class ClientSessionUpdatesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] CONFIG = {
            "pulsegate.namespaces.doc.history-size", "100",
            "pulsegate.namespaces.doc.history-ttl", "5m",
            "pulsegate.namespaces.doc.force-recovery", "true",
            "pulsegate.namespaces.doc.allow-subscribe-for-client", "true",
            "pulsegate.namespaces.doc.allowed-delta-types", "fossil",
            "pulsegate.namespaces.doc.client-publish-debounce-interval", "50ms",
            "pulsegate.namespaces.plain.history-size", "100",
            "pulsegate.namespaces.plain.history-ttl", "5m",
            "pulsegate.namespaces.plain.allow-subscribe-for-client", "true",
            "pulsegate.namespaces.state.history-size", "100",
            "pulsegate.namespaces.state.history-ttl", "5m",
            "pulsegate.namespaces.state.force-recovery", "true",
            "pulsegate.namespaces.state.recovery-mode", "cache",
            "pulsegate.namespaces.state.allow-subscribe-for-client", "true",
            "pulsegate.namespaces.slow.allow-subscribe-for-client", "true",
            "pulsegate.namespaces.slow.batch-max-delay", "50ms",
            "pulsegate.namespaces.slow.batch-max-size", "3",
            "pulsegate.namespaces.latest.history-size", "100",
            "pulsegate.namespaces.latest.history-ttl", "5m",
            "pulsegate.namespaces.latest.force-recovery", "true",
            "pulsegate.namespaces.latest.allow-subscribe-for-client", "true",
            "pulsegate.namespaces.latest.allowed-delta-types", "fossil",
            "pulsegate.namespaces.latest.batch-max-delay", "100ms",
            "pulsegate.namespaces.latest.batch-flush-latest", "true",
            "pulsegate.client.queue-max-size", "1000000"};

    private final SessionHarness harness = new SessionHarness(CONFIG);
    private final FakeTransport transport = new FakeTransport();
    private final ClientSession session = harness.open(transport);

    private void connect() {
        SessionHarness.send(session, transport, "{\"id\":1,\"connect\":{\"token\":\"" + harness.token("alice", 3600)
                + "\"}}");
    }

    private JsonNode subscribe(String channel, String extra) {
        SessionHarness.send(session, transport, "{\"id\":2,\"subscribe\":{\"channel\":\"" + channel + "\"" + extra
                + "}}");
        return last().get("subscribe");
    }

    private void publish(String channel, String json, boolean delta) {
        harness.broker.publish(channel, new Publication(json.getBytes(StandardCharsets.UTF_8), null, 0, null),
                new PublishOptions(100, java.time.Duration.ofMinutes(5), java.time.Duration.ofHours(1))
                        .withDelta(delta))
                .await().indefinitely();
    }

    private JsonNode last() {
        List<String> items = transport.items();
        return parse(items.get(items.size() - 1));
    }

    private static JsonNode parse(String item) {
        try {
            return JSON.readTree(item);
        } catch (java.io.IOException e) {
            throw new AssertionError(item, e);
        }
    }

    /** Decodes publications the way centrifuge-js does for a delta subscription (JSON strings, fossil patches). */
    private static final class Decoder {
        byte[] prev;
        int patches;

        String apply(JsonNode pub) {
            byte[] wire = pub.get("data").textValue().getBytes(StandardCharsets.UTF_8);
            if (pub.path("delta").asBoolean()) {
                prev = FossilDelta.apply(prev, wire);
                patches++;
            } else {
                prev = wire;
            }
            return new String(prev, StandardCharsets.UTF_8);
        }
    }

    @Test
    void deltaSubscriberGetsFullThenPatchesThatDecodeExactly() {
        connect();
        JsonNode reply = subscribe("doc:1", ",\"delta\":\"fossil\"");
        assertTrue(reply.path("delta").asBoolean(), reply.toString());
        assertEquals(50, reply.path("publish_debounce").asInt(), reply.toString());
        Decoder decoder = new Decoder();
        java.util.Random random = new java.util.Random(7);
        String body = "x".repeat(400);
        for (int i = 0; i < 20; i++) {
            int at = random.nextInt(body.length());
            body = body.substring(0, at) + (char) ('a' + random.nextInt(26)) + body.substring(at + 1);
            String doc = "{\"n\":" + i + ",\"body\":\"" + body + "\"}";
            publish("doc:1", doc, true);
            transport.runTasks();
            JsonNode pub = last().get("push").get("pub");
            assertEquals(doc, decoder.apply(pub));
            assertEquals(i + 1, pub.get("offset").asLong());
        }
        assertEquals(19, decoder.patches, "every publication after the first is a patch");
    }

    @Test
    void unmarkedPublicationsAndPlainSubscribersGetFullPayloads() {
        connect();
        subscribe("doc:2", ",\"delta\":\"fossil\"");
        publish("doc:2", "{\"a\":1}", false);
        publish("doc:2", "{\"a\":2}", false);
        transport.runTasks();
        JsonNode pub = last().get("push").get("pub");
        assertEquals("{\"a\":2}", pub.get("data").textValue(), "a JSON string, not a patch");
        assertFalse(pub.has("delta"));

        JsonNode plainReply = subscribe("plain:1", ",\"delta\":\"fossil\"");
        assertFalse(plainReply.has("delta"), "the namespace does not allow deltas");
        publish("plain:1", "{\"b\":1}", true);
        publish("plain:1", "{\"b\":2}", true);
        transport.runTasks();
        assertEquals(2, last().get("push").get("pub").get("data").get("b").asInt(), "raw JSON as usual");
    }

    @Test
    void unknownDeltaTypeClosesWithBadRequest() {
        connect();
        SessionHarness.send(session, transport, "{\"id\":2,\"subscribe\":{\"channel\":\"doc:3\",\"delta\":\"xor\"}}");
        assertEquals(3501, transport.closeCode);
    }

    @Test
    void recoveredPublicationsOfADeltaSubscriptionTravelInFullAsStrings() {
        publish("doc:4", "{\"v\":1}", true);
        publish("doc:4", "{\"v\":2}", true);
        connect();
        JsonNode reply = subscribe("doc:4", ",\"delta\":\"fossil\",\"recover\":true,\"offset\":1,\"epoch\":\"\"");
        assertTrue(reply.path("recovered").asBoolean(), reply.toString());
        JsonNode pubs = reply.get("publications");
        assertEquals(1, pubs.size());
        assertEquals("{\"v\":2}", pubs.get(0).get("data").textValue(), "a JSON string, in full");
        assertFalse(pubs.get(0).has("delta"));
    }

    @Test
    void cacheModeDeliversTheLatestPublicationOnSubscribe() {
        for (int i = 1; i <= 5; i++) {
            publish("state:1", "{\"price\":" + i + "}", false);
        }
        connect();
        JsonNode reply = subscribe("state:1", "");
        JsonNode pubs = reply.get("publications");
        assertEquals(1, pubs.size(), reply.toString());
        assertEquals(5, pubs.get(0).get("data").get("price").asInt());
        assertEquals(5, reply.get("offset").asLong());
        assertTrue(reply.path("recovered").asBoolean());

        SessionHarness.send(session, transport, "{\"id\":3,\"unsubscribe\":{\"channel\":\"state:1\"}}");
        JsonNode again = subscribe("state:1", ",\"recover\":true,\"offset\":5,\"epoch\":\""
                + reply.get("epoch").textValue() + "\"");
        assertFalse(again.has("publications"), "the client already holds the latest");
        assertTrue(again.path("recovered").asBoolean());
    }

    @Test
    void cacheModeOnAnEmptyChannelIsNotRecovered() {
        connect();
        JsonNode reply = subscribe("state:empty", ",\"recover\":true,\"offset\":0");
        assertFalse(reply.has("publications"));
        assertFalse(reply.path("recovered").asBoolean());
        assertTrue(reply.path("was_recovering").asBoolean());
    }

    @Test
    void batchedNamespaceWaitsForTheWindowAndCoalescesChannelsIntoOneWrite() {
        connect();
        subscribe("slow:a", "");
        SessionHarness.send(session, transport, "{\"id\":3,\"subscribe\":{\"channel\":\"slow:b\"}}");
        int writes = transport.messages.size();
        publish("slow:a", "{\"a\":1}", false);
        publish("slow:b", "{\"b\":1}", false);
        transport.runTasks();
        assertEquals(writes, transport.messages.size(), "nothing before the window closes");
        harness.advance(49, transport);
        assertEquals(writes, transport.messages.size());
        harness.advance(1, transport);
        assertEquals(writes + 1, transport.messages.size(), "one write for both channels");
        assertEquals(2, transport.messages.get(writes).split("\n").length);
    }

    @Test
    void batchMaxSizeFlushesBeforeTheWindowCloses() {
        connect();
        subscribe("slow:c", "");
        int writes = transport.messages.size();
        for (int i = 0; i < 3; i++) {
            publish("slow:c", "{\"i\":" + i + "}", false);
        }
        transport.runTasks();
        assertEquals(writes + 1, transport.messages.size());
        assertEquals(3, transport.messages.get(writes).split("\n").length);
    }

    @Test
    void repliesFlushAtOnceAndTakeWaitingPublicationsAlong() {
        connect();
        subscribe("slow:d", "");
        publish("slow:d", "{\"d\":1}", false);
        SessionHarness.send(session, transport, "{\"id\":9,\"presence_stats\":{\"channel\":\"slow:d\"}}");
        List<String> items = transport.items();
        assertTrue(items.get(items.size() - 2).contains("\"pub\""), items.toString());
        assertTrue(items.get(items.size() - 1).startsWith("{\"id\":9"), items.toString());
    }

    @Test
    void flushLatestDeliversOnlyTheNewestAndKeepsTheDeltaChainExact() {
        connect();
        subscribe("latest:1", ",\"delta\":\"fossil\"");
        Decoder decoder = new Decoder();
        String base = "{\"cursor\":%d,\"pad\":\"" + "p".repeat(300) + "\"}";
        publish("latest:1", String.format(base, 0), true);
        harness.advance(100, transport);
        assertEquals(String.format(base, 0), decoder.apply(last().get("push").get("pub")));

        for (int i = 1; i <= 10; i++) {
            publish("latest:1", String.format(base, i), true);
        }
        int before = transport.items().size();
        harness.advance(100, transport);
        assertEquals(before + 1, transport.items().size(), "one publication for the whole window");
        JsonNode pub = last().get("push").get("pub");
        assertEquals(11, pub.get("offset").asLong());
        assertFalse(pub.has("delta"), "its patch base (offset 10) was never written: sent in full");
        assertEquals(String.format(base, 10), decoder.apply(pub));

        publish("latest:1", String.format(base, 11), true);
        harness.advance(100, transport);
        JsonNode next = last().get("push").get("pub");
        assertTrue(next.path("delta").asBoolean(), "the chain continues from what was written");
        assertEquals(String.format(base, 11), decoder.apply(next));
    }

    @Test
    void patchIsComputedOncePerPublicationForAllSubscribers() {
        FakeTransport other = new FakeTransport();
        ClientSession second = harness.open(other);
        connect();
        SessionHarness.send(second, other, "{\"id\":1,\"connect\":{\"token\":\"" + harness.token("bob", 3600)
                + "\"}}");
        subscribe("doc:6", ",\"delta\":\"fossil\"");
        SessionHarness.send(second, other, "{\"id\":2,\"subscribe\":{\"channel\":\"doc:6\",\"delta\":\"fossil\"}}");
        List<Delivery> seen = new java.util.ArrayList<>();
        harness.hub.subscribe("doc:6", new Recorder(seen, transport.codec), true);
        harness.hub.subscribe("doc:6", new Recorder(seen, transport.codec), true);
        publish("doc:6", "{\"k\":\"" + "v".repeat(200) + "1\"}", true);
        publish("doc:6", "{\"k\":\"" + "v".repeat(200) + "2\"}", true);
        assertEquals(4, seen.size());
        assertSame(seen.get(2).patch().frame(), seen.get(3).patch().frame(), "one encoded patch shared");
        assertSame(seen.get(0).patch().self(), seen.get(2).patch().base());
        transport.runTasks();
        other.runTasks();
        assertEquals(transport.items().get(transport.items().size() - 1),
                other.items().get(other.items().size() - 1), "both sessions wrote the same patch frame");
    }

    /** A hub subscriber that records deliveries (distinct instances are distinct subscribers). */
    private static final class Recorder implements Subscriber {
        private final List<Delivery> seen;
        private final ProtocolCodec codec;

        Recorder(List<Delivery> seen, ProtocolCodec codec) {
            this.seen = seen;
            this.codec = codec;
        }

        @Override
        public ProtocolCodec codec() {
            return codec;
        }

        @Override
        public void onPublication(Delivery delivery) {
            seen.add(delivery);
        }

        @Override
        public void onJoinLeave(String channel, byte[] frame) {
        }

        @Override
        public void onGap(String channel) {
        }

        @Override
        public void disconnect(DisconnectCode code) {
        }
    }
}
