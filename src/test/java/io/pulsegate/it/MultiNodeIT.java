package io.pulsegate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.pulsegate.auth.DevTokens;
import io.pulsegate.engine.redis.RedisServer;
import io.pulsegate.protocol.protobuf.wire.ClientProtocol;
import io.pulsegate.support.ProtobufWsRecorder;
import io.pulsegate.support.WsRecorder;

/**
 * Several packaged gateways sharing one real redis-server: cross-node delivery exactly once and in order, presence
 * across nodes, and the fault cases where nothing may be lost silently.
 */
class MultiNodeIT {

    private static final String SECRET = "multinode-it-secret-0123456789abcdef";
    private static final String API_KEY = "multinode-key";
    private static final Pattern OFFSET = Pattern.compile("\"offset\":(\\d+)");
    private static final Pattern EPOCH = Pattern.compile("\"epoch\":\"([A-Za-z]+)\"");

    private static RedisServer redis;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void startRedis() throws Exception {
        redis = RedisServer.start();
    }

    @AfterAll
    static void stopRedis() throws Exception {
        redis.close();
    }

    private static GatewayProcess node(String name) throws Exception {
        return node(name, "100ms");
    }

    private static GatewayProcess node(String name, String reconnectDelay) throws Exception {
        return GatewayProcess.builder(name)
                .property("pulsegate.redis.reconnect-min-delay", reconnectDelay)
                .property("pulsegate.engine", "redis")
                .property("pulsegate.redis.url", redis.url())
                .property("pulsegate.redis.prefix", "it")
                .property("pulsegate.redis.readiness-grace", "1s")
                .property("pulsegate.client.presence-ttl", "3s")
                .property("pulsegate.client.presence-update-interval", "1s")
                .property("pulsegate.token.hmac-secret", SECRET)
                .property("pulsegate.api.key", API_KEY)
                .property("pulsegate.namespaces.chat.history-size", "1000")
                .property("pulsegate.namespaces.chat.history-ttl", "10m")
                .property("pulsegate.namespaces.chat.force-recovery", "true")
                .property("pulsegate.namespaces.chat.presence", "true")
                .property("pulsegate.namespaces.chat.allowed-delta-types", "fossil")
                .property("pulsegate.namespaces.state.history-size", "10")
                .property("pulsegate.namespaces.state.history-ttl", "10m")
                .property("pulsegate.namespaces.state.force-recovery", "true")
                .property("pulsegate.namespaces.state.recovery-mode", "cache")
                .property("pulsegate.namespaces.state.allow-subscribe-for-client", "true")
                .property("pulsegate.namespaces.chat.allow-subscribe-for-client", "true")
                .property("pulsegate.namespaces.chat.allow-publish-for-subscriber", "true")
                .property("pulsegate.namespaces.chat.allow-presence-for-subscriber", "true")
                .start();
    }

    /** A raw protocol client: connect and subscribe, optionally recovering from a position. */
    private static final class Client {
        final WsRecorder recorder = new WsRecorder();
        final WebSocket ws;
        final String subscribeReply;

        Client(HttpClient http, GatewayProcess node, String user, String channel, String recover) throws Exception {
            ws = WsRecorder.open(http, URI.create(node.webSocketUrl()), recorder, Map.of());
            String token = DevTokens.connectionToken(SECRET, user, Duration.ofMinutes(10));
            ws.sendText("{\"id\":1,\"connect\":{\"token\":\"" + token + "\"}}\n{\"id\":2,\"subscribe\":{\"channel\":\""
                    + channel + "\"" + recover + "}}", true).join();
            assertTrue(recorder.next().contains("\"connect\""));
            subscribeReply = recorder.next();
            assertTrue(subscribeReply.startsWith("{\"id\":2,\"subscribe\""), subscribeReply);
        }

        /** @return offsets of the next {@code n} publications received */
        List<Long> offsets(int n) throws InterruptedException {
            List<Long> offsets = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                offsets.add(offset(recorder.next()));
            }
            return offsets;
        }
    }

    private static long offset(String json) {
        Matcher m = OFFSET.matcher(json);
        assertTrue(m.find(), json);
        return Long.parseLong(m.group(1));
    }

    private HttpResponse<String> api(GatewayProcess node, String method, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(node.httpUrl() + "/api/" + method))
                .header("X-API-Key", API_KEY).timeout(Duration.ofSeconds(5))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private void publish(GatewayProcess node, String channel, int count) throws Exception {
        for (int i = 0; i < count; i++) {
            HttpResponse<String> r = api(node, "publish",
                    "{\"channel\":\"" + channel + "\",\"data\":{\"i\":" + i + "}}");
            assertEquals(200, r.statusCode(), r.body());
            assertTrue(r.body().contains("\"offset\""), r.body());
        }
    }

    private interface Check {
        boolean ok() throws Exception;
    }

    /** Polls {@code check} every 100 ms for up to 15 s. */
    private static boolean eventually(Check check) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (System.nanoTime() < deadline) {
            if (check.ok()) {
                return true;
            }
            Thread.sleep(100);
        }
        return check.ok();
    }

    private int status(GatewayProcess node, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(node.httpUrl() + path)).timeout(Duration.ofSeconds(2))
                .build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static List<Long> range(long from, long to) {
        List<Long> list = new ArrayList<>();
        for (long i = from; i <= to; i++) {
            list.add(i);
        }
        return list;
    }

    @Test
    void publicationOnOneNodeReachesSubscribersOnOthersOnceInOrderAndSurvivesANodeCrash() throws Exception {
        try (GatewayProcess a = node("multinode-a");
                GatewayProcess b = node("multinode-b");
                GatewayProcess c = node("multinode-c")) {
            Client onB = new Client(http, b, "bob", "chat:fanout", "");
            Client onC = new Client(http, c, "carol", "chat:fanout", "");
            publish(a, "chat:fanout", 50);
            assertEquals(range(1, 50), onB.offsets(50));
            assertEquals(range(1, 50), onC.offsets(50));
            assertTrue(api(a, "presence_stats", "{\"channel\":\"chat:fanout\"}").body().contains("\"num_clients\":2"));

            Matcher epoch = EPOCH.matcher(onB.subscribeReply);
            assertTrue(epoch.find());
            b.kill();
            assertEquals(1006, onB.recorder.closeCode(5), "node crash seen as abnormal close");
            publish(a, "chat:fanout", 10);
            assertEquals(range(51, 60), onC.offsets(10));
            assertTrue(eventually(() -> api(a, "presence_stats", "{\"channel\":\"chat:fanout\"}").body()
                    .contains("\"num_clients\":1")), "presence of the dead node's client expires");

            Client recovered = new Client(http, c, "bob", "chat:fanout", ",\"recover\":true,\"offset\":50,\"epoch\":\""
                    + epoch.group(1) + "\"");
            assertTrue(recovered.subscribeReply.contains("\"recovered\":true"), recovered.subscribeReply);
            assertEquals(10, OFFSET.matcher(recovered.subscribeReply).results().count() - 1,
                    "the 10 missed publications plus the reply offset");
            publish(a, "chat:fanout", 1);
            assertEquals(List.of(61L), recovered.offsets(1));
            assertEquals(List.of(61L), onC.offsets(1));

            assertTrue(eventually(() -> Pattern.compile("\"uid\"").matcher(api(a, "info", "{}").body()).results()
                    .count() >= 2), "node list spans nodes");
            api(a, "unsubscribe", "{\"user\":\"carol\",\"channel\":\"chat:fanout\"}");
            assertTrue(onC.recorder.next().contains("\"unsubscribe\":{\"code\":2000"), "API on A reaches a user on C");
            api(a, "disconnect", "{\"user\":\"bob\",\"disconnect\":{\"code\":3503,\"reason\":\"bye\"}}");
            assertEquals(3503, recovered.recorder.closeCode(5), "API disconnect on A closes bob's connection on C");
        }
    }

    @Test
    void redisOutageFailsFastKeepsSocketsAndResumesWithoutSilentLoss() throws Exception {
        try (GatewayProcess a = node("multinode-outage-a"); GatewayProcess b = node("multinode-outage-b")) {
            Client onB = new Client(http, b, "bob", "chat:outage", "");
            publish(a, "chat:outage", 3);
            assertEquals(range(1, 3), onB.offsets(3));

            redis.kill();
            assertTrue(eventually(() -> status(b, "/q/health/ready") == 503), "readiness down after the grace");
            assertEquals(200, status(b, "/q/health/live"), "liveness stays up");
            HttpResponse<String> refused = api(a, "publish", "{\"channel\":\"chat:outage\",\"data\":{}}");
            assertEquals(503, refused.statusCode(), refused.body());
            assertTrue(refused.body().contains("\"code\":100"), refused.body());
            assertTrue(!onB.recorder.closed.isDone(), "client sockets stay open while Redis is down");

            redis.launch();
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            HttpResponse<String> published = refused;
            while (published.statusCode() != 200 && System.nanoTime() < deadline) {
                published = api(a, "publish", "{\"channel\":\"chat:outage\",\"data\":{}}");
            }
            assertEquals(200, published.statusCode(), "publishing resumes after Redis returns");
            // Redis came back empty: a new epoch. The subscriber must not continue silently: it is told to
            // resynchronise (3010), and recovery from its old position then says recovered:false.
            assertEquals(3010, onB.recorder.closeCode(20));
            Client again = new Client(http, b, "bob", "chat:outage", ",\"recover\":true,\"offset\":3,\"epoch\":\""
                    + "stale\"");
            assertTrue(!again.subscribeReply.contains("\"recovered\":true"), again.subscribeReply);
        }
    }

    @Test
    void killedPubSubConnectionsResubscribeAndCatchUpFromTheStream() throws Exception {
        // b reconnects only after 2 s, so the publications below are made while its subscription is gone
        try (GatewayProcess a = node("multinode-pubsub-a"); GatewayProcess b = node("multinode-pubsub-b", "2s")) {
            Client onB = new Client(http, b, "bob", "chat:pubsubkill", "");
            publish(a, "chat:pubsubkill", 5);
            assertEquals(range(1, 5), onB.offsets(5));
            Process kill = new ProcessBuilder("redis-cli", "-p", Integer.toString(redis.port()), "CLIENT", "KILL",
                    "TYPE", "pubsub").redirectErrorStream(true).start();
            assertEquals(0, kill.waitFor(), "redis-cli CLIENT KILL");
            publish(a, "chat:pubsubkill", 20);
            assertEquals(range(6, 25), onB.offsets(20), "missed publications replayed once, in order");
            publish(a, "chat:pubsubkill", 1);
            assertEquals(List.of(26L), onB.offsets(1));
            assertTrue(!onB.recorder.closed.isDone(), "no disconnect needed: the stream covered the gap");
            assertTrue(java.nio.file.Files.readString(b.logFile()).contains("caught up from the stream"),
                    "publications were replayed from the stream, not received live");
        }
    }

    @Test
    void centrifugeJsClientsOnDifferentNodes() throws Exception {
        try (GatewayProcess a = node("multinode-js-a");
                GatewayProcess b = node("multinode-js-b");
                GatewayProcess c = node("multinode-js-c")) {
            NodeSuites.run("multinode/cross-node.test.mjs", Map.of(
                    "PULSEGATE_HTTP_URL", a.httpUrl(),
                    "PULSEGATE_WS_URL", b.webSocketUrl(),
                    "PULSEGATE_WS_URL_C", c.webSocketUrl(),
                    "PULSEGATE_API_KEY", API_KEY,
                    "PULSEGATE_HMAC_SECRET", SECRET), b.logFile());
        }
    }

    @Test
    void centrifugeJsOverSseAndHttpStreamWithEmulationPostedToTheOtherNode() throws Exception {
        try (GatewayProcess a = node("multinode-emulation-a"); GatewayProcess b = node("multinode-emulation-b")) {
            NodeSuites.run("multinode/emulation.test.mjs", Map.of(
                    "PULSEGATE_HTTP_URL", a.httpUrl(),
                    "PULSEGATE_WS_URL", b.webSocketUrl(),
                    "PULSEGATE_STREAM_URL", b.httpUrl(),
                    "PULSEGATE_EMULATION_URL", a.httpUrl(),
                    "PULSEGATE_API_KEY", API_KEY,
                    "PULSEGATE_HMAC_SECRET", SECRET), b.logFile());
        }
    }

    @Test
    void pausedRedisGivesTemporaryErrorsThenDeliveryResumesWithoutLoss() throws Exception {
        try (GatewayProcess a = node("multinode-pause-a"); GatewayProcess b = node("multinode-pause-b")) {
            Client onB = new Client(http, b, "bob", "chat:pause", "");
            publish(a, "chat:pause", 2);
            assertEquals(range(1, 2), onB.offsets(2));
            redis.pause();
            try {
                HttpResponse<String> refused = api(a, "publish", "{\"channel\":\"chat:pause\",\"data\":{}}");
                assertEquals(503, refused.statusCode(), "publish fails fast with a temporary error: "
                        + refused.body());
                assertTrue(!onB.recorder.closed.isDone(), "sockets survive");
            } finally {
                redis.resume();
            }
            publish(a, "chat:pause", 3);
            assertEquals(range(3, 5), onB.offsets(3), "no publication accepted during the pause was lost");
            assertTrue(!onB.recorder.closed.isDone());
        }
    }

    @Test
    void jsonAndProtobufSubscribersOnTwoNodesReceiveTheSamePublicationsInOrder() throws Exception {
        try (GatewayProcess a = node("multinode-mixed-a"); GatewayProcess b = node("multinode-mixed-b")) {
            Client json = new Client(http, a, "jason", "chat:mixed", "");
            ProtobufWsRecorder pb = new ProtobufWsRecorder();
            WebSocket pbWs = ProtobufWsRecorder.open(http, URI.create(b.webSocketUrl()), pb, "centrifuge-protobuf");
            String token = DevTokens.connectionToken(SECRET, "paula", Duration.ofMinutes(10));
            pbWs.sendBinary(ProtobufWsRecorder.frame(
                    ClientProtocol.Command.newBuilder().setId(1)
                            .setConnect(ClientProtocol.ConnectRequest.newBuilder().setToken(token)).build(),
                    ClientProtocol.Command.newBuilder().setId(2)
                            .setSubscribe(ClientProtocol.SubscribeRequest.newBuilder().setChannel("chat:mixed"))
                            .build()),
                    true).join();
            assertTrue(pb.next().hasConnect());
            assertTrue(pb.next().hasSubscribe());

            publish(a, "chat:mixed", 5);
            publish(b, "chat:mixed", 5);
            assertEquals(range(1, 10), json.offsets(10));
            List<Long> pbOffsets = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                ClientProtocol.Reply reply = pb.next();
                assertTrue(reply.getPush().hasPub(), reply.toString());
                pbOffsets.add(reply.getPush().getPub().getOffset());
                assertEquals("{\"i\":" + (i % 5) + "}", reply.getPush().getPub().getData().toStringUtf8(),
                        "same JSON bytes as data for the Protobuf client");
            }
            assertEquals(range(1, 10), pbOffsets);
        }
    }
}
