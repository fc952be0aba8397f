package io.pulsegate.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import io.pulsegate.engine.PublishOptions;
import io.pulsegate.protocol.Publication;

/**
 * {@code pulsegate.client.min-write-interval}: publications to one connection leave at most once per interval, the
 * first after a quiet interval at once, the ones that come sooner together at the interval's end; replies never wait.
 * Time is the harness' manual scheduler.
 */
class OutboundPacingTest {

    private final SessionHarness harness = new SessionHarness("pulsegate.client.min-write-interval", "25ms",
            "pulsegate.namespaces.feed.allow-subscribe-for-client", "true");
    private final FakeTransport transport = new FakeTransport();
    private final ClientSession session = harness.open(transport);

    private void connectAndSubscribe() {
        SessionHarness.send(session, transport, "{\"id\":1,\"connect\":{\"token\":\"" + harness.token("alice", 3600)
                + "\"}}");
        SessionHarness.send(session, transport, "{\"id\":2,\"subscribe\":{\"channel\":\"feed:a\"}}");
    }

    private void publish(int n) {
        harness.broker.publish("feed:a", new Publication(("{\"n\":" + n + "}").getBytes(StandardCharsets.UTF_8),
                null, 0, null), PublishOptions.NO_HISTORY).await().indefinitely();
        transport.runTasks();
    }

    @Test
    void firstPublicationLeavesAtOnceAndTheFollowersTogetherAtTheIntervalsEnd() {
        connectAndSubscribe();
        int writes = transport.messages.size();
        publish(1);
        assertEquals(writes + 1, transport.messages.size(), "the first after a quiet interval is not held");

        publish(2);
        publish(3);
        assertEquals(writes + 1, transport.messages.size(), "within the interval: held");
        harness.advance(24, transport);
        assertEquals(writes + 1, transport.messages.size());
        harness.advance(1, transport);
        assertEquals(writes + 2, transport.messages.size(), "the followers leave in one write");
        String joined = transport.messages.get(writes + 1);
        assertEquals(2, joined.split("\n").length, joined);
        assertTrue(joined.indexOf("\"n\":2") < joined.indexOf("\"n\":3"), "in order");

        harness.advance(25, transport);
        publish(4);
        assertEquals(writes + 3, transport.messages.size(), "after a quiet interval, at once again");
    }

    @Test
    void repliesAreNeverHeldAndTakeTheWaitingPublicationsAlong() {
        connectAndSubscribe();
        publish(1);
        publish(2);
        int writes = transport.messages.size();
        SessionHarness.send(session, transport, "{\"id\":7,\"presence_stats\":{\"channel\":\"feed:a\"}}");
        assertEquals(writes + 1, transport.messages.size(), "the reply leaves at once");
        String joined = transport.messages.get(writes);
        assertTrue(joined.contains("\"n\":2") && joined.contains("\"id\":7"), joined);
        assertTrue(joined.indexOf("\"n\":2") < joined.indexOf("\"id\":7"), "queue order kept");
    }
}
