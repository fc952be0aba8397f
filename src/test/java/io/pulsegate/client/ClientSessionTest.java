package io.pulsegate.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.junit.jupiter.api.Test;

import io.pulsegate.auth.DevTokens;
import io.pulsegate.engine.HistoryQuery;
import io.pulsegate.engine.PublishOptions;
import io.pulsegate.protocol.Publication;
import io.pulsegate.protocol.StreamPosition;

class ClientSessionTest {

    private static final String[] CHAT = {
            "pulsegate.namespaces.chat.history-size", "10",
            "pulsegate.namespaces.chat.history-ttl", "5m",
            "pulsegate.namespaces.chat.force-recovery", "true",
            "pulsegate.namespaces.chat.allow-subscribe-for-client", "true",
            "pulsegate.namespaces.chat.allow-publish-for-subscriber", "true",
            "pulsegate.client.channel-limit", "2",
            "pulsegate.client.command-rate", "1",
            "pulsegate.client.command-burst", "20",
            "pulsegate.client.command-rate-violations", "3",
            "pulsegate.client.queue-max-size", "2000"};

    private final SessionHarness harness = new SessionHarness(CHAT);
    private final FakeTransport transport = new FakeTransport();
    private final ClientSession session = harness.open(transport);

    private void connect() {
        SessionHarness.send(session, transport, "{\"id\":1,\"connect\":{\"token\":\"" + harness.token("alice", 3600)
                + "\"}}");
    }

    private PublishOptions chatHistory() {
        return new PublishOptions(10, Duration.ofMinutes(5), Duration.ofHours(1));
    }

    private StreamPosition publish(String channel, String json) {
        return harness.broker.publish(channel, new Publication(json.getBytes(StandardCharsets.UTF_8), null, 0, null),
                chatHistory()).await().indefinitely();
    }

    @Test
    void connectAndSubscribeInOneFrameAreAnsweredInOrder() {
        SessionHarness.send(session, transport, "{\"id\":1,\"connect\":{\"token\":\"" + harness.token("alice", 3600)
                + "\",\"name\":\"js\"}}\n{\"id\":2,\"subscribe\":{\"channel\":\"chat:1\",\"flag\":1}}");
        List<String> items = transport.items();
        assertEquals(2, items.size(), items.toString());
        assertTrue(items.get(0).startsWith("{\"id\":1,\"connect\":{\"client\":\"" + session.id() + "\""), items.get(0));
        assertTrue(items.get(0).contains("\"ping\":25,\"pong\":true"), items.get(0));
        assertTrue(items.get(1).startsWith("{\"id\":2,\"subscribe\":{\"recoverable\":true,\"epoch\":\""),
                items.get(1));
        assertTrue(items.get(1).contains("\"positioned\":true"), items.get(1));
    }

    @Test
    void unimplementedSubscriptionTypeIsRefusedWithAClearError() {
        connect();
        SessionHarness.send(session, transport, "{\"id\":2,\"subscribe\":{\"channel\":\"chat:m\",\"type\":4}}");
        assertEquals("{\"id\":2,\"error\":{\"code\":108,\"message\":\"subscription type not available\"}}",
                transport.items().get(transport.items().size() - 1));
        SessionHarness.send(session, transport, "{\"id\":3,\"subscribe\":{\"channel\":\"chat:m\",\"type\":1,"
                + "\"phase\":2}}");
        assertEquals("{\"id\":3,\"error\":{\"code\":103,\"message\":\"subscription type not allowed in this "
                + "namespace\"}}", transport.items().get(transport.items().size() - 1));
        assertEquals(-1, transport.closeCode, "the connection stays");
    }

    @Test
    void mapPublishOutsideAMapNamespaceIsRefusedWithoutPublishingIntoTheStream() {
        connect();
        SessionHarness.send(session, transport, "{\"id\":2,\"subscribe\":{\"channel\":\"chat:m\"}}\n"
                + "{\"id\":3,\"publish\":{\"channel\":\"chat:m\",\"type\":1,\"key\":\"k\",\"data\":{}}}\n"
                + "{\"id\":4,\"publish\":{\"channel\":\"chat:m\",\"type\":1,\"key\":\"k\",\"removed\":true}}");
        List<String> items = transport.items();
        String refused = "{\"error\":{\"code\":107,\"message\":\"bad request\"}}";
        assertEquals("{\"id\":3," + refused.substring(1), items.get(items.size() - 2), items.toString());
        assertEquals("{\"id\":4," + refused.substring(1), items.get(items.size() - 1), items.toString());
        assertEquals(0, harness.broker.history("chat:m", HistoryQuery.POSITION_ONLY).await().indefinitely().top()
                .offset(), "nothing reached the stream");
        assertEquals(-1, transport.closeCode, "the connection stays");
    }

    @Test
    void sharedPollTrackingIsRefusedInsteadOfReadAsATokenRefresh() {
        connect();
        SessionHarness.send(session, transport, "{\"id\":2,\"subscribe\":{\"channel\":\"chat:t\"}}\n"
                + "{\"id\":3,\"sub_refresh\":{\"channel\":\"chat:t\",\"type\":1,\"track\":[{\"signature\":"
                + "\"s\",\"items\":[{\"key\":\"a\",\"version\":1}]}]}}\n"
                + "{\"id\":4,\"sub_refresh\":{\"channel\":\"chat:t\",\"type\":2,\"untrack\":[\"a\"]}}");
        List<String> items = transport.items();
        String refused = "\"error\":{\"code\":108,\"message\":\"shared poll tracking not available\"}}";
        assertEquals("{\"id\":3," + refused, items.get(items.size() - 2), items.toString());
        assertEquals("{\"id\":4," + refused, items.get(items.size() - 1), items.toString());
        assertEquals(-1, transport.closeCode, "the connection stays");
    }

    @Test
    void recoveryWithoutEpochOnAFreshChannelSucceeds() {
        connect();
        SessionHarness.send(session, transport,
                "{\"id\":2,\"subscribe\":{\"channel\":\"chat:fresh\",\"recover\":true,\"offset\":0,\"flag\":3}}");
        String reply = transport.items().get(transport.items().size() - 1);
        assertTrue(reply.startsWith("{\"id\":2,\"subscribe\":{"), reply);
        assertTrue(reply.contains("\"recovered\":true"), reply);
    }

    @Test
    void commandBeforeConnectClosesWithBadRequest() {
        SessionHarness.send(session, transport, "{\"id\":1,\"subscribe\":{\"channel\":\"chat:1\"}}");
        assertEquals(3501, transport.closeCode);
    }

    @Test
    void invalidTokenClosesWith3500AndExpiredTokenAnswers109() {
        FakeTransport other = new FakeTransport();
        ClientSession expired = harness.open(other);
        JwtClaims claims = new JwtClaims();
        claims.setSubject("alice");
        claims.setExpirationTime(NumericDate.fromSeconds(harness.clock.millis() / 1000 - 120));
        SessionHarness.send(expired, other, "{\"id\":1,\"connect\":{\"token\":\""
                + DevTokens.hs256(SessionHarness.SECRET, claims) + "\"}}");
        assertEquals(List.of("{\"id\":1,\"error\":{\"code\":109,\"message\":\"token expired\"}}"), other.items());
        assertEquals(-1, other.closeCode);

        SessionHarness.send(session, transport, "{\"id\":1,\"connect\":{\"token\":\"not.a.jwt\"}}");
        assertEquals(3500, transport.closeCode);
    }

    @Test
    void connectionWithoutConnectIsClosedAsStale() {
        harness.advance(9_000, transport);
        assertEquals(-1, transport.closeCode);
        harness.advance(1_001, transport);
        assertEquals(3502, transport.closeCode);
    }

    @Test
    void missingPongClosesWith3012() {
        connect();
        harness.advance(25_000, transport);
        assertTrue(transport.items().contains("{}"), "a ping was sent");
        harness.advance(8_001, transport);
        assertEquals(3012, transport.closeCode);
    }

    @Test
    void pongKeepsTheConnection() {
        connect();
        for (int i = 0; i < 4; i++) {
            harness.advance(25_000, transport);
            SessionHarness.send(session, transport, "{}");
        }
        assertEquals(-1, transport.closeCode);
    }

    @Test
    void connectionExpiresWithoutRefreshAndRefreshExtendsIt() {
        FakeTransport other = new FakeTransport();
        ClientSession lapsing = harness.open(other);
        SessionHarness.send(lapsing, other, "{\"id\":1,\"connect\":{\"token\":\"" + harness.token("bob", 60)
                + "\"}}");
        SessionHarness.send(session, transport, "{\"id\":1,\"connect\":{\"token\":\"" + harness.token("alice", 60)
                + "\"}}");
        // the token's exp is real time + 60 s, the session's clock starts at the second the harness was made: a
        // second boundary crossed in between makes the ttl 61
        assertTrue(transport.items().get(0).matches(".*\"expires\":true,\"ttl\":6[01][,}].*"),
                transport.items().get(0));
        harness.advance(50_000, transport);
        SessionHarness.send(session, transport, "{\"id\":2,\"refresh\":{\"token\":\"" + harness.token("alice", 600)
                + "\"}}");
        assertTrue(transport.items().get(transport.items().size() - 1).startsWith("{\"id\":2,\"refresh\":{\"client\""));
        harness.advance(60_000, transport);
        assertEquals(-1, transport.closeCode, "refreshed connection stays");
        other.runTasks();
        assertEquals(3005, other.closeCode, "connection without refresh closed after expiry + grace");
    }

    @Test
    void recoveryReturnsExactlyTheMissedPublications() {
        StreamPosition first = publish("chat:r", "{\"n\":1}");
        publish("chat:r", "{\"n\":2}");
        publish("chat:r", "{\"n\":3}");
        connect();
        SessionHarness.send(session, transport, "{\"id\":2,\"subscribe\":{\"channel\":\"chat:r\",\"recover\":true,"
                + "\"offset\":" + first.offset() + ",\"epoch\":\"" + first.epoch() + "\"}}");
        String reply = transport.items().get(1);
        assertTrue(
                reply.contains(
                        "\"publications\":[{\"data\":{\"n\":2},\"offset\":2},{\"data\":{\"n\":3},\"offset\":3}]"),
                reply);
        assertTrue(reply.contains("\"recovered\":true,\"offset\":1,\"positioned\":true"), reply);
        assertTrue(reply.contains("\"was_recovering\":true"), reply);

        publish("chat:r", "{\"n\":4}");
        transport.runTasks();
        assertEquals("{\"push\":{\"channel\":\"chat:r\",\"pub\":{\"data\":{\"n\":4},\"offset\":4}}}",
                transport.items().get(2));
    }

    @Test
    void recoveryFromAnotherEpochIsReportedNotSilent() {
        publish("chat:e", "{\"n\":1}");
        connect();
        SessionHarness.send(session, transport, "{\"id\":2,\"subscribe\":{\"channel\":\"chat:e\",\"recover\":true,"
                + "\"offset\":1,\"epoch\":\"gone\"}}");
        String reply = transport.items().get(1);
        assertTrue(reply.contains("\"offset\":1"), reply);
        assertTrue(reply.contains("\"was_recovering\":true"), reply);
        assertTrue(!reply.contains("\"recovered\"") && !reply.contains("publications"), reply);

        SessionHarness.send(session, transport, "{\"id\":3,\"unsubscribe\":{\"channel\":\"chat:e\"}}");
        SessionHarness.send(session, transport, "{\"id\":4,\"subscribe\":{\"channel\":\"chat:e\",\"recover\":true,"
                + "\"offset\":1,\"epoch\":\"gone\",\"flag\":3}}");
        assertEquals("{\"id\":4,\"error\":{\"code\":112,\"message\":\"unrecoverable position\"}}",
                transport.items().get(transport.items().size() - 1));
    }

    @Test
    void publicationsFollowTheSubscribeReplyAndReachOnlySubscribers() {
        connect();
        SessionHarness.send(session, transport, "{\"id\":2,\"subscribe\":{\"channel\":\"chat:p\"}}\n"
                + "{\"id\":3,\"publish\":{\"channel\":\"chat:p\",\"data\":{\"text\":\"hi\"}}}");
        List<String> items = transport.items();
        assertTrue(items.get(1).startsWith("{\"id\":2,\"subscribe\""), items.toString());
        assertTrue(items.contains("{\"id\":3,\"publish\":{}}"), items.toString());
        assertTrue(items.stream().anyMatch(i -> i.contains("\"pub\":{\"data\":{\"text\":\"hi\"},\"info\":{\"user\":"
                + "\"alice\",\"client\":\"" + session.id() + "\"},\"offset\":1}")), items.toString());
        SessionHarness.send(session, transport, "{\"id\":4,\"publish\":{\"channel\":\"chat:q\",\"data\":{}}}");
        assertEquals("{\"id\":4,\"error\":{\"code\":103,\"message\":\"permission denied\"}}",
                transport.items().get(transport.items().size() - 1));
    }

    @Test
    void limitsAnswerWithErrorsThenClose() {
        connect();
        SessionHarness.send(session, transport, "{\"id\":2,\"subscribe\":{\"channel\":\"chat:a\"}}\n"
                + "{\"id\":3,\"subscribe\":{\"channel\":\"chat:a\"}}\n"
                + "{\"id\":4,\"subscribe\":{\"channel\":\"chat:b\"}}\n"
                + "{\"id\":5,\"subscribe\":{\"channel\":\"chat:c\"}}\n"
                + "{\"id\":6,\"rpc\":{\"method\":\"x\"}}\n"
                + "{\"id\":7,\"unsubscribe\":{\"channel\":\"never\"}}");
        List<String> items = transport.items();
        assertTrue(items.contains("{\"id\":3,\"error\":{\"code\":105,\"message\":\"already subscribed\"}}"),
                items.toString());
        assertTrue(items.contains("{\"id\":5,\"error\":{\"code\":106,\"message\":\"limit exceeded\"}}"),
                items.toString());
        assertTrue(items.contains("{\"id\":6,\"error\":{\"code\":108,\"message\":\"not available\"}}"),
                items.toString());
        assertTrue(items.contains("{\"id\":7,\"unsubscribe\":{}}"), items.toString());

        StringBuilder flood = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            flood.append(i == 0 ? "" : "\n").append("{\"id\":").append(100 + i)
                    .append(",\"presence\":{\"channel\":\"chat:a\"}}");
        }
        SessionHarness.send(session, transport, flood.toString());
        assertTrue(transport.items().stream().anyMatch(i -> i.contains("\"code\":111")), "rate limited");
        assertEquals(3013, transport.closeCode);
    }

    @Test
    void clientThatStopsReadingIsClosedAsSlowWithoutGrowingTheQueue() {
        connect();
        SessionHarness.send(session, transport, "{\"id\":2,\"subscribe\":{\"channel\":\"chat:s\"}}");
        transport.stalled = true;
        for (int i = 0; i < 200 && transport.closeCode < 0; i++) {
            publish("chat:s", "{\"payload\":\"" + "x".repeat(100) + "\"}");
            transport.runTasks();
        }
        assertEquals(3008, transport.closeCode);
        assertTrue(harness.broker.history("chat:s", HistoryQuery.POSITION_ONLY).await().indefinitely().top()
                .offset() < 200, "closed before all publications were produced");
    }

    @Test
    void binaryPublicationClosesJsonClientWithInappropriateProtocol() {
        connect();
        SessionHarness.send(session, transport, "{\"id\":2,\"subscribe\":{\"channel\":\"chat:b\"}}");
        harness.broker.publish("chat:b", new Publication(new byte[]{(byte) 0xff, 0, 1}, null, 0, null),
                chatHistory()).await().indefinitely();
        transport.runTasks();
        assertEquals(3506, transport.closeCode);
    }
}
