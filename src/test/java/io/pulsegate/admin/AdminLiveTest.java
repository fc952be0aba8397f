package io.pulsegate.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** The live stream: this node's snapshot arrives through the admin channel; a signed-out session's stream ends. */
@QuarkusTest
@TestProfile(AdminSecurityTest.Enabled.class)
class AdminLiveTest {

    @TestHTTPResource("/admin/api/live")
    URI live;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void theStreamPushesThisNodesSnapshotEverySecond() throws Exception {
        AdminSecurityTest.Admin admin = AdminSecurityTest.signIn();
        try (BufferedReader events = open(admin)) {
            String data = nextNodesEventWithNodes(events);
            assertTrue(data.contains("\"type\":\"stats\""), data);
            assertTrue(data.contains("\"engine\":\"up\""), data);
            assertTrue(data.contains("\"deliveriesPerSec\""), data);
            assertTrue(nextNodesEventWithNodes(events).length() > 0, "a second tick");
        }
    }

    @Test
    void aStreamEndsOnceItsSessionIsSignedOut() throws Exception {
        AdminSecurityTest.Admin admin = AdminSecurityTest.signIn();
        try (BufferedReader events = open(admin)) {
            nextNodesEventWithNodes(events);
            io.restassured.RestAssured.given().cookie(AdminSessions.COOKIE, admin.cookie())
                    .header(AdminSessions.CSRF_HEADER, admin.csrf()).post("/admin/api/sign-out").then()
                    .statusCode(204);
            String line;
            String last = null;
            while ((line = events.readLine()) != null) {
                last = line.startsWith("event:") ? line : last;
            }
            assertEquals("event: signed-out", last);
        }
    }

    @Test
    void aTailStreamsTheChannelsPublications() throws Exception {
        AdminSecurityTest.Admin admin = AdminSecurityTest.signIn();
        String channel = "chat:tail-" + System.nanoTime();
        try (BufferedReader events = open(admin, live.resolve("tail?channel=" + channel))) {
            assertEquals("event: subscribed", nextLineStartingWith(events, "event:"));
            AdminSecurityTest.call(admin, "publish", "{\"channel\":\"" + channel + "\",\"data\":{\"n\":42}}")
                    .then().statusCode(200);
            assertEquals("event: publication", nextLineStartingWith(events, "event:"));
            String data = nextLineStartingWith(events, "data:");
            assertTrue(data.contains("\"channel\":\"" + channel + "\"") && data.contains("\"n\":42"), data);
        }
    }

    @Test
    void aTailNeedsAChannel() {
        AdminSecurityTest.Admin admin = AdminSecurityTest.signIn();
        io.restassured.RestAssured.given().cookie(AdminSessions.COOKIE, admin.cookie()).get("/admin/api/tail").then()
                .statusCode(400);
    }

    private static String nextLineStartingWith(BufferedReader events, String prefix) throws Exception {
        for (int lines = 0; lines < 20; lines++) {
            String line = events.readLine();
            if (line != null && line.startsWith(prefix)) {
                return line;
            }
        }
        throw new AssertionError("no line starting with " + prefix);
    }

    private BufferedReader open(AdminSecurityTest.Admin admin) throws Exception {
        return open(admin, live);
    }

    private BufferedReader open(AdminSecurityTest.Admin admin, URI uri) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
                .header("Cookie", AdminSessions.COOKIE + "=" + admin.cookie()).GET().build();
        HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"));
        return new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
    }

    /** @return the data of the next {@code nodes} event that lists at least one node (within ~5 ticks) */
    private static String nextNodesEventWithNodes(BufferedReader events) throws Exception {
        boolean nodesEvent = false;
        for (int lines = 0; lines < 40; lines++) {
            String line = events.readLine();
            if (line == null) {
                break;
            }
            if (line.startsWith("event:")) {
                nodesEvent = line.equals("event: nodes");
            } else if (nodesEvent && line.startsWith("data:") && !line.contains("\"nodes\":[]")) {
                return line;
            }
        }
        throw new AssertionError("no nodes event with a node");
    }
}
