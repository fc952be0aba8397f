package io.pulsegate.it;

import static io.pulsegate.it.JavaSdk.api;
import static io.pulsegate.it.JavaSdk.await;
import static io.pulsegate.it.JavaSdk.next;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.github.centrifugal.centrifuge.Client;
import io.github.centrifugal.centrifuge.ClientState;
import io.github.centrifugal.centrifuge.ConnectionTokenEvent;
import io.github.centrifugal.centrifuge.ConnectionTokenGetter;
import io.github.centrifugal.centrifuge.HistoryOptions;
import io.github.centrifugal.centrifuge.HistoryResult;
import io.github.centrifugal.centrifuge.Options;
import io.github.centrifugal.centrifuge.PresenceResult;
import io.github.centrifugal.centrifuge.PresenceStatsResult;
import io.github.centrifugal.centrifuge.PublishResult;
import io.github.centrifugal.centrifuge.SubscribedEvent;
import io.github.centrifugal.centrifuge.Subscription;
import io.github.centrifugal.centrifuge.TokenCallback;
import io.pulsegate.auth.DevTokens;
import io.pulsegate.it.JavaSdk.ClientEvents;
import io.pulsegate.it.JavaSdk.SubEvents;

/**
 * The real centrifuge-java SDK (Protobuf only, subprotocol {@code centrifuge-protobuf}) against the packaged gateway:
 * token connect, subscribe, publications from a JSON client and from the server API, client publish, presence,
 * history, recovery after a reconnect, connection token refresh, and a JSON subscriber on the same channel.
 */
class CentrifugeJavaIT {

    private static GatewayProcess gateway;
    private final List<Client> clients = new ArrayList<>();
    private final List<JsonWsClient> jsonClients = new ArrayList<>();

    @BeforeAll
    static void startGateway() throws Exception {
        gateway = GatewayProcess.builder("centrifuge-java").properties(CentrifugeJsIT.gatewayConfig()).start();
    }

    @AfterAll
    static void stopGateway() {
        if (gateway != null) {
            gateway.close();
        }
    }

    @AfterEach
    void closeClients() throws InterruptedException {
        for (Client c : clients) {
            c.close(2000);
        }
        jsonClients.forEach(JsonWsClient::close);
    }

    private static String uniq(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String token(String user, Duration ttl) {
        return DevTokens.connectionToken(CentrifugeJsIT.HMAC_SECRET, user, ttl);
    }

    private Client client(Options opts, ClientEvents events) {
        opts.setMinReconnectDelay(100);
        opts.setMaxReconnectDelay(500);
        opts.setTimeout(5000);
        Client client = new Client(gateway.webSocketUrl(), opts, events);
        clients.add(client);
        return client;
    }

    /** A connected SDK client for a fresh user. */
    private Client connected(ClientEvents events) throws Exception {
        Options opts = new Options();
        opts.setToken(token(uniq("java"), Duration.ofMinutes(10)));
        Client client = client(opts, events);
        client.connect();
        assertTrue(next(events.connected, "connected").getClient().length() > 0, "client id");
        return client;
    }

    private static Subscription subscribed(Client client, String channel, SubEvents events) throws Exception {
        Subscription sub = client.newSubscription(channel, events);
        sub.subscribe();
        next(events.subscribed, "subscribed to " + channel);
        return sub;
    }

    private JsonWsClient json(String user, String... channels) throws Exception {
        JsonWsClient c = JsonWsClient.connect(gateway, user, channels);
        jsonClients.add(c);
        return c;
    }

    @Test
    void receivesPublicationsFromAJsonClientAndTheServerApi() throws Exception {
        String channel = uniq("chat:java");
        Client client = connected(new ClientEvents());
        SubEvents events = new SubEvents();
        subscribed(client, channel, events);
        JsonWsClient json = json(uniq("json"), channel);

        json.send("publish", "{\"channel\":\"" + channel + "\",\"data\":{\"from\":\"json\"}}");
        assertArrayEquals(utf8("{\"from\":\"json\"}"), next(events.publications, "JSON client's publication")
                .getData(), "same bytes as the JSON publisher sent");

        api(gateway, "publish", "{\"channel\":\"" + channel + "\",\"data\":{\"from\":\"api\"}}");
        assertArrayEquals(utf8("{\"from\":\"api\"}"), next(events.publications, "server API publication")
                .getData());
    }

    @Test
    void publishPresenceAndHistory() throws Exception {
        String channel = uniq("chat:java");
        Client client = connected(new ClientEvents());
        SubEvents events = new SubEvents();
        Subscription sub = subscribed(client, channel, events);
        JsonWsClient json = json(uniq("json"), channel);

        JavaSdk.<PublishResult>await(cb -> sub.publish(utf8("{\"n\":1}"), cb));
        assertEquals(utf8("{\"n\":1}").length, next(events.publications, "own publication").getData().length);
        assertTrue(json.nextPublication().contains("\"data\":{\"n\":1}"), "JSON subscriber gets the SDK's bytes");

        PresenceResult presence = await(sub::presence);
        assertEquals(2, presence.getClients().size(), "SDK client and JSON client");
        PresenceStatsResult stats = await(sub::presenceStats);
        assertEquals(2, stats.getNumClients());
        assertEquals(2, stats.getNumUsers());

        JavaSdk.<PublishResult>await(cb -> sub.publish(utf8("{\"n\":2}"), cb));
        HistoryResult history = await(cb -> sub.history(new HistoryOptions.Builder().withLimit(10).build(), cb));
        assertEquals(2, history.getPublications().size());
        assertEquals(2, history.getOffset());
        assertArrayEquals(utf8("{\"n\":2}"), history.getPublications().get(1).getData());
    }

    @Test
    void recoversPublicationsMissedWhileDisconnected() throws Exception {
        String channel = uniq("chat:recover");
        ClientEvents clientEvents = new ClientEvents();
        Client client = connected(clientEvents);
        SubEvents events = new SubEvents();
        subscribed(client, channel, events);
        api(gateway, "publish", "{\"channel\":\"" + channel + "\",\"data\":{\"n\":1}}");
        assertEquals(1, next(events.publications, "live publication").getOffset());

        client.disconnect();
        next(clientEvents.disconnected, "disconnected");
        api(gateway, "publish", "{\"channel\":\"" + channel + "\",\"data\":{\"n\":2}}");
        api(gateway, "publish", "{\"channel\":\"" + channel + "\",\"data\":{\"n\":3}}");

        client.connect();
        next(clientEvents.connected, "reconnected");
        SubscribedEvent resubscribed = next(events.subscribed, "resubscribed");
        assertTrue(resubscribed.wasRecovering(), "SDK asked to recover");
        assertTrue(resubscribed.getRecovered(), "gateway recovered the stream");
        assertEquals(2, next(events.publications, "recovered publication").getOffset());
        assertArrayEquals(utf8("{\"n\":3}"), next(events.publications, "recovered publication").getData());
    }

    @Test
    void refreshesAnExpiringConnectionTokenWithTheTokenGetter() throws Exception {
        String user = uniq("refresh");
        CountDownLatch refreshed = new CountDownLatch(1);
        Options opts = new Options();
        // the short token expires after 3 s and the gateway would close 2 s later (expired-close-delay) without a
        // refresh
        long lapseMillis = System.currentTimeMillis() + Duration.ofSeconds(3 + 2).toMillis();
        opts.setToken(token(user, Duration.ofSeconds(3)));
        opts.setTokenGetter(new ConnectionTokenGetter() {
            @Override
            public void getConnectionToken(ConnectionTokenEvent event, TokenCallback cb) {
                cb.Done(null, token(user, Duration.ofMinutes(10)));
                refreshed.countDown();
            }
        });
        ClientEvents events = new ClientEvents();
        Client client = client(opts, events);
        client.connect();
        next(events.connected, "connected");

        assertTrue(refreshed.await(10, TimeUnit.SECONDS), "token getter called on expiry");
        // observing that nothing happens up to a deadline: the connection outlives the old token's lapse
        long left = lapseMillis + 1500 - System.currentTimeMillis();
        if (left > 0) {
            Thread.sleep(left);
        }
        assertNull(events.disconnected.poll(), "no disconnect");
        assertEquals(ClientState.CONNECTED, client.getState());
        String channel = uniq("chat:after-refresh");
        SubEvents subEvents = new SubEvents();
        subscribed(client, channel, subEvents);
    }

    @Test
    void jsonAndProtobufSubscribersGetTheSameSequenceAndBinaryClosesOnlyJson() throws Exception {
        String channel = uniq("chat:mixed");
        Client client = connected(new ClientEvents());
        SubEvents events = new SubEvents();
        subscribed(client, channel, events);
        JsonWsClient json = json(uniq("json"), channel);

        for (int i = 1; i <= 20; i++) {
            api(gateway, "publish", "{\"channel\":\"" + channel + "\",\"data\":{\"i\":" + i + "}}");
        }
        for (int i = 1; i <= 20; i++) {
            var pub = next(events.publications, "publication " + i);
            assertEquals(i, pub.getOffset());
            assertArrayEquals(utf8("{\"i\":" + i + "}"), pub.getData());
            String item = json.nextPublication();
            assertTrue(item.contains("\"data\":{\"i\":" + i + "}") && item.contains("\"offset\":" + i), item);
        }

        byte[] binary = {(byte) 0xFF, 0x00, (byte) 0x80, '\n'};
        api(gateway, "publish", "{\"channel\":\"" + channel + "\",\"b64data\":\""
                + Base64.getEncoder().encodeToString(binary) + "\"}");
        assertArrayEquals(binary, next(events.publications, "binary publication").getData());
        assertEquals(3506, json.closed.get(10, TimeUnit.SECONDS), "JSON client cannot carry binary data");
    }
}
