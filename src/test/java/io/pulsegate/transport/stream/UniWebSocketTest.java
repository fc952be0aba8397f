package io.pulsegate.transport.stream;

import static io.pulsegate.transport.stream.StreamTestSupport.api;
import static io.pulsegate.transport.stream.StreamTestSupport.query;
import static io.pulsegate.transport.stream.StreamTestSupport.token;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.pulsegate.support.WsRecorder;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/** {@code /connection/uni_websocket}: connect request as first message or query, bare pushes, close codes. */
@QuarkusTest
class UniWebSocketTest {

    @TestHTTPResource("/connection/uni_websocket")
    URI endpoint;

    private URI ws(String query) {
        return URI.create(endpoint.toString().replaceFirst("^http", "ws") + query);
    }

    @Test
    void firstMessageConnectsAndPushesAreBareFrames() throws Exception {
        String channel = "chat:uni-ws";
        WsRecorder recorder = new WsRecorder();
        var socket = WsRecorder.open(StreamTestSupport.HTTP, ws(""), recorder, Map.of());
        socket.sendText("{\"token\":\"" + token("kim", channel) + "\"}", true).join();
        assertTrue(recorder.next().startsWith("{\"connect\":{\"client\":\""));
        api("publish", "{\"channel\":\"" + channel + "\",\"data\":{\"n\":1}}");
        api("publish", "{\"channel\":\"" + channel + "\",\"data\":{\"n\":2}}");
        assertEquals("{\"channel\":\"" + channel + "\",\"pub\":{\"data\":{\"n\":1},\"offset\":1}}", recorder.next());
        assertEquals("{\"channel\":\"" + channel + "\",\"pub\":{\"data\":{\"n\":2},\"offset\":2}}", recorder.next());
        api("disconnect", "{\"user\":\"kim\"}");
        assertEquals(3503, recorder.closed.get(5, TimeUnit.SECONDS));
    }

    @Test
    void queryConnectAndMalformedRequest() throws Exception {
        WsRecorder recorder = new WsRecorder();
        WsRecorder.open(StreamTestSupport.HTTP, ws("?" + query("{\"token\":\"" + token("lea") + "\"}")), recorder,
                Map.of());
        assertTrue(recorder.next().startsWith("{\"connect\":{\"client\":\""));
        WsRecorder bad = new WsRecorder();
        WsRecorder.open(StreamTestSupport.HTTP, ws(""), bad, Map.of()).sendText("[1,2]", true).join();
        assertEquals(3501, bad.closed.get(5, TimeUnit.SECONDS));
    }
}
