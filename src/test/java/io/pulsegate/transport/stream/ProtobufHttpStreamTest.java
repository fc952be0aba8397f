package io.pulsegate.transport.stream;

import static io.pulsegate.transport.stream.StreamTestSupport.HTTP;
import static io.pulsegate.transport.stream.StreamTestSupport.api;
import static io.pulsegate.transport.stream.StreamTestSupport.token;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.pulsegate.protocol.protobuf.wire.ClientProtocol;
import io.pulsegate.support.ProtobufWsRecorder;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** HTTP-streaming emulation in Protobuf: octet-stream stream of delimited Replies, Protobuf EmulationRequest POSTs. */
@QuarkusTest
@TestProfile(StreamTestSupport.FastPings.class)
class ProtobufHttpStreamTest {

    @TestHTTPResource("/")
    URI base;

    /** @return the next non-ping reply from the stream */
    private static ClientProtocol.Reply next(InputStream in) throws Exception {
        for (int i = 0; i < 100; i++) {
            ClientProtocol.Reply reply = ClientProtocol.Reply.parseDelimitedFrom(in);
            assertTrue(reply != null, "stream ended");
            if (!reply.equals(ClientProtocol.Reply.getDefaultInstance())) {
                return reply;
            }
        }
        throw new AssertionError("only pings");
    }

    @Test
    void protobufEmulationConnectsSubscribesAndReceives() throws Exception {
        String channel = "chat:pb-emulation";
        byte[] connect = ProtobufWsRecorder.frame(ClientProtocol.Command.newBuilder().setId(1)
                .setConnect(ClientProtocol.ConnectRequest.newBuilder().setToken(token("pbe"))).build()).array();
        HttpResponse<InputStream> stream = HTTP.send(HttpRequest.newBuilder(base.resolve("/connection/http_stream"))
                .header("Content-Type", "application/octet-stream").timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofByteArray(connect)).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, stream.statusCode());
        try (InputStream in = stream.body()) {
            ClientProtocol.Reply connected = next(in);
            assertEquals(1, connected.getId());
            String session = connected.getConnect().getSession();
            String node = connected.getConnect().getNode();
            assertTrue(!session.isEmpty() && !node.isEmpty(), connected.toString());

            byte[] subscribe = ProtobufWsRecorder.frame(ClientProtocol.Command.newBuilder().setId(2)
                    .setSubscribe(ClientProtocol.SubscribeRequest.newBuilder().setChannel(channel)).build()).array();
            byte[] body = ClientProtocol.EmulationRequest.newBuilder().setSession(session).setNode(node)
                    .setData(com.google.protobuf.ByteString.copyFrom(subscribe)).build().toByteArray();
            HttpResponse<Void> posted = HTTP.send(HttpRequest.newBuilder(base.resolve("/emulation"))
                    .header("Content-Type", "application/octet-stream")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                    HttpResponse.BodyHandlers.discarding());
            assertEquals(204, posted.statusCode());
            ClientProtocol.Reply subscribed = next(in);
            assertEquals(2, subscribed.getId());
            assertTrue(subscribed.hasSubscribe(), subscribed.toString());

            api("publish", "{\"channel\":\"" + channel + "\",\"data\":{\"n\":7}}");
            ClientProtocol.Reply pub = next(in);
            assertEquals(channel, pub.getPush().getChannel(), pub.toString());
            assertEquals("{\"n\":7}", pub.getPush().getPub().getData().toStringUtf8());
        }
    }
}
