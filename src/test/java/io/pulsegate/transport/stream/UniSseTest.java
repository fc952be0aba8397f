package io.pulsegate.transport.stream;

import static io.pulsegate.transport.stream.StreamTestSupport.api;
import static io.pulsegate.transport.stream.StreamTestSupport.field;
import static io.pulsegate.transport.stream.StreamTestSupport.get;
import static io.pulsegate.transport.stream.StreamTestSupport.query;
import static io.pulsegate.transport.stream.StreamTestSupport.token;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** {@code /connection/uni_sse} with a raw HTTP client: event format and order, pings, disconnect, resume, auth. */
@QuarkusTest
@TestProfile(StreamTestSupport.FastPings.class)
class UniSseTest {

    @TestHTTPResource("/")
    URI base;

    @Test
    void connectPushFirstThenPublicationsPingsAndDisconnectBeforeTheEnd() throws Exception {
        String channel = "chat:sse-order";
        try (EventStream s = get(base,
                "/connection/uni_sse?" + query("{\"token\":\"" + token("ann", channel) + "\"}"))) {
            assertEquals(200, s.response.statusCode());
            assertEquals("text/event-stream; charset=utf-8", s.response.headers().firstValue("Content-Type").get());
            assertTrue(s.response.headers().firstValue("Cache-Control").get().contains("no-cache"));
            assertEquals("no", s.response.headers().firstValue("X-Accel-Buffering").get());
            EventStream.Event connect = s.event();
            assertTrue(connect.data().startsWith("{\"connect\":{\"client\":\""), connect.data());
            assertTrue(connect.data().contains("\"subs\":{\"" + channel + "\":{\"recoverable\":true"), connect.data());
            assertTrue(connect.id().startsWith("chat%3Asse-order:0:"), connect.id());
            for (int i = 1; i <= 3; i++) {
                api("publish", "{\"channel\":\"" + channel + "\",\"data\":{\"n\":" + i + "}}");
            }
            for (int i = 1; i <= 3; i++) {
                EventStream.Event pub = s.eventSkippingPings();
                assertEquals("{\"channel\":\"" + channel + "\",\"pub\":{\"data\":{\"n\":" + i + "},\"offset\":" + i
                        + "}}", pub.data());
                assertTrue(pub.id().startsWith("chat%3Asse-order:" + i + ":"), pub.id());
            }
            assertEquals("{}", s.event().data(), "a ping within the interval");
            boolean comment = false;
            for (int i = 0; i < 20 && !comment; i++) {
                comment = s.line().equals(":");
            }
            assertTrue(comment, "heartbeat comment while idle");
            api("disconnect", "{\"user\":\"ann\"}");
            EventStream.Event last = s.eventSkippingPings();
            assertTrue(last.data().startsWith("{\"disconnect\":{\"code\":3503"), last.data());
            assertNull(s.event(), "the stream ends after the disconnect push");
        }
    }

    @Test
    void payloadWithLineBreaksIsOneEvent() throws Exception {
        String channel = "chat:sse-inject";
        try (EventStream s = get(base,
                "/connection/uni_sse?" + query("{\"token\":\"" + token("bob", channel) + "\"}"))) {
            s.event();
            api("publish", "{\"channel\":\"" + channel + "\",\"data\":{\"t\":\"x\\n\\nevent: evil\\ndata: y\"}}");
            EventStream.Event pub = s.eventSkippingPings();
            assertNull(pub.event());
            assertTrue(pub.data().contains("\"x\\n\\nevent: evil\\ndata: y\""), pub.data());
        }
    }

    @Test
    void lastEventIdResumesExactlyTheGapAndAForeignEpochGetsAResyncEvent() throws Exception {
        String channel = "chat:sse-resume";
        String connect = "/connection/uni_sse?" + query("{\"token\":\"" + token("cid", channel) + "\"}");
        String lastId;
        try (EventStream s = get(base, connect)) {
            s.event();
            api("publish", "{\"channel\":\"" + channel + "\",\"data\":{\"n\":1}}");
            lastId = s.eventSkippingPings().id();
        }
        api("publish", "{\"channel\":\"" + channel + "\",\"data\":{\"n\":2}}");
        api("publish", "{\"channel\":\"" + channel + "\",\"data\":{\"n\":3}}");
        try (EventStream s = get(base, connect, "Last-Event-ID", lastId)) {
            EventStream.Event first = s.event();
            assertTrue(first.data().contains("\"recovered\":true"), first.data());
            assertTrue(first.data().contains("{\"data\":{\"n\":2},\"offset\":2},{\"data\":{\"n\":3},\"offset\":3}"),
                    first.data());
            assertFalse(first.data().contains("\"n\":1"), first.data());
            assertTrue(first.id().startsWith("chat%3Asse-resume:3:"), first.id());
            api("publish", "{\"channel\":\"" + channel + "\",\"data\":{\"n\":4}}");
            assertTrue(s.eventSkippingPings().data().contains("\"offset\":4"));
        }
        String foreign = "chat%3Asse-resume:1:notTheEpoch";
        try (EventStream s = get(base, connect, "Last-Event-ID", foreign)) {
            EventStream.Event first = s.event();
            assertTrue(first.data().contains("\"was_recovering\":true"), first.data());
            EventStream.Event resync = s.event();
            assertEquals("resync", resync.event());
            assertEquals("{\"channel\":\"" + channel + "\"}", resync.data());
        }
    }

    @Test
    void recoveryThroughConnectRequestSubs() throws Exception {
        String channel = "chat:sse-subs";
        String epoch;
        try (EventStream s = get(base,
                "/connection/uni_sse?" + query("{\"token\":\"" + token("dan", channel) + "\"}"))) {
            epoch = field(s.event().data(), "\"epoch\":\"([^\"]+)\"");
        }
        api("publish", "{\"channel\":\"" + channel + "\",\"data\":{\"n\":1}}");
        String request = "{\"token\":\"" + token("dan", channel) + "\",\"subs\":{\"" + channel
                + "\":{\"recover\":true,\"offset\":0,\"epoch\":\"" + epoch + "\"}}}";
        try (EventStream s = get(base, "/connection/uni_sse?" + query(request))) {
            String data = s.event().data();
            assertTrue(data.contains("\"recovered\":true") && data.contains("{\"data\":{\"n\":1},\"offset\":1}"), data);
        }
    }

    @Test
    void untrustedLastEventIdIsIgnoredAndNeverReflected() throws Exception {
        String channel = "chat:sse-junk";
        String connect = "/connection/uni_sse?" + query("{\"token\":\"" + token("eve", channel) + "\"}");
        for (String junk : new String[]{"x".repeat(10_000), "chat%3Asse-junk:abc:E", "a:b", "<script>:1:E:x"}) {
            try (EventStream s = get(base, connect, "Last-Event-ID", junk)) {
                if (s.response.statusCode() == 431) {
                    continue; // the HTTP server's header limit may refuse it first, equally fine
                }
                assertEquals(200, s.response.statusCode());
                EventStream.Event first = s.event();
                assertFalse(first.data().contains("was_recovering"), first.data());
                assertFalse(first.data().contains(junk) || first.id().contains(junk));
            }
        }
    }

    @Test
    void authFailuresAreHttpStatusesAndOriginsGetExactCors() throws Exception {
        try (EventStream s = get(base, "/connection/uni_sse?" + query("{\"token\":\"not.a.jwt\"}"))) {
            assertEquals(401, s.response.statusCode());
        }
        try (EventStream s = get(base, "/connection/uni_sse")) {
            assertEquals(401, s.response.statusCode(), "no credentials");
        }
        try (EventStream s = get(base, "/connection/uni_sse?cf_connect=%7Bnot-json")) {
            assertEquals(400, s.response.statusCode());
        }
        String ok = "/connection/uni_sse?" + query("{\"token\":\"" + token("fay") + "\"}");
        try (EventStream s = get(base, ok, "Origin", "https://evil.example")) {
            assertEquals(403, s.response.statusCode());
            assertTrue(s.response.headers().firstValue("Access-Control-Allow-Origin").isEmpty());
        }
        try (EventStream s = get(base, ok, "Origin", "https://app.example.com")) {
            assertEquals(200, s.response.statusCode());
            assertEquals("https://app.example.com", s.response.headers().firstValue("Access-Control-Allow-Origin")
                    .get());
            assertEquals("true", s.response.headers().firstValue("Access-Control-Allow-Credentials").get());
            assertTrue(s.response.headers().allValues("Vary").toString().contains("Origin"));
            assertTrue(s.event().data().startsWith("{\"connect\""));
        }
        try (EventStream s = get(base, ok, "Authorization", "Bearer " + token("gus"))) {
            assertTrue(s.event().data().startsWith("{\"connect\""));
        }
    }
}
