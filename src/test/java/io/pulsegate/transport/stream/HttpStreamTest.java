package io.pulsegate.transport.stream;

import static io.pulsegate.transport.stream.StreamTestSupport.HTTP;
import static io.pulsegate.transport.stream.StreamTestSupport.api;
import static io.pulsegate.transport.stream.StreamTestSupport.field;
import static io.pulsegate.transport.stream.StreamTestSupport.get;
import static io.pulsegate.transport.stream.StreamTestSupport.post;
import static io.pulsegate.transport.stream.StreamTestSupport.query;
import static io.pulsegate.transport.stream.StreamTestSupport.token;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** uni_http_stream, the bidirectional emulation endpoints with {@code /emulation}, and gzip flushed per event. */
@QuarkusTest
@TestProfile(StreamTestSupport.FastPings.class)
class HttpStreamTest {

    @TestHTTPResource("/")
    URI base;

    @Test
    void uniHttpStreamIsNewlineDelimitedPushes() throws Exception {
        String channel = "chat:uni-http";
        try (EventStream s = post(base, "/connection/uni_http_stream",
                "{\"token\":\"" + token("hal", channel) + "\"}")) {
            assertEquals(200, s.response.statusCode());
            assertTrue(s.line().startsWith("{\"connect\":{\"client\":\""));
            api("publish", "{\"channel\":\"" + channel + "\",\"data\":{\"n\":1}}");
            String line = s.line();
            while (line.equals("{}")) {
                line = s.line();
            }
            assertEquals("{\"channel\":\"" + channel + "\",\"pub\":{\"data\":{\"n\":1},\"offset\":1}}", line);
        }
    }

    @Test
    void emulationCarriesCommandsThroughTheEmulationEndpoint() throws Exception {
        String connect = "{\"id\":1,\"connect\":{\"token\":\"" + token("ivy") + "\"}}";
        try (EventStream s = post(base, "/connection/http_stream", connect, "Content-Type", "application/json")) {
            String reply = s.line();
            assertTrue(reply.startsWith("{\"id\":1,\"connect\":{"), reply);
            String session = field(reply, "\"session\":\"([^\"]+)\"");
            String node = field(reply, "\"node\":\"([^\"]+)\"");
            assertTrue(reply.contains("\"pong\":true"), reply);
            String data = "{\\\"id\\\":2,\\\"subscribe\\\":{\\\"channel\\\":\\\"chat:emu\\\"}}";
            assertEquals(204, emulation("{\"session\":\"" + session + "\",\"node\":\"" + node + "\",\"data\":\""
                    + data + "\"}"));
            String sub = s.line();
            while (sub.equals("{}")) {
                sub = s.line();
            }
            assertTrue(sub.startsWith("{\"id\":2,\"subscribe\":{"), sub);
            assertEquals(404, emulation("{\"session\":\"" + session + "\",\"node\":\"elsewhere\",\"data\":\"{}\"}"));
            assertEquals(404, emulation("{\"session\":\"nope\",\"node\":\"" + node + "\",\"data\":\"{}\"}"));
            assertEquals(400, emulation("{\"session\":1}"));
        }
        try (EventStream s = get(base, "/connection/sse?" + query(connect))) {
            assertTrue(s.event().data().startsWith("{\"id\":1,\"connect\":{"));
        }
    }

    @Test
    void gzipIsFlushedPerEvent() throws Exception {
        String channel = "chat:gzip";
        try (EventStream s = get(base, "/connection/uni_sse?" + query("{\"token\":\"" + token("jo", channel) + "\"}"),
                "Accept-Encoding", "gzip")) {
            assertEquals("gzip", s.response.headers().firstValue("Content-Encoding").orElse(""));
            assertTrue(s.event().data().startsWith("{\"connect\""));
            // one publication at a time, each awaited before the next: an event left in the deflater (not flushed)
            // would never arrive on its own, and the read gives up after 5 s
            for (int i = 1; i <= 3; i++) {
                api("publish", "{\"channel\":\"" + channel + "\",\"data\":{\"n\":" + i + "}}");
                EventStream.Event pub = s.eventSkippingPings();
                assertTrue(pub.data().contains("\"offset\":" + i), pub.data());
            }
        }
    }

    @Test
    void preflightAnswersAllowedOriginsOnly() throws Exception {
        HttpResponse<Void> ok = HTTP.send(HttpRequest.newBuilder(base.resolve("/emulation"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).header("Origin", "https://app.example.com")
                .header("Access-Control-Request-Method", "POST").build(), HttpResponse.BodyHandlers.discarding());
        assertEquals(204, ok.statusCode());
        assertEquals("https://app.example.com", ok.headers().firstValue("Access-Control-Allow-Origin").get());
        HttpResponse<Void> evil = HTTP.send(HttpRequest.newBuilder(base.resolve("/emulation"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).header("Origin", "https://evil.example")
                .build(), HttpResponse.BodyHandlers.discarding());
        assertEquals(403, evil.statusCode());
    }

    private int emulation(String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(base.resolve("/emulation")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }
}
