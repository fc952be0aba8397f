package io.pulsegate.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Requests that repeat a header they may carry once are refused before the upgrade or stream, whatever the order of
 * the copies; the same request with each header once passes. Raw sockets: HTTP clients merge or refuse repeats.
 */
@QuarkusTest
class RepeatedHeadersTest {

    private static final String ALLOWED = "https://app.example.com";
    private static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";

    @TestHTTPResource("/")
    URI root;

    @Test
    void websocketUpgradeWithEachHeaderOnceIsAccepted() throws IOException {
        assertEquals(101, status(upgrade("Origin: " + ALLOWED + "\r\nAuthorization: Bearer x\r\n")));
    }

    @Test
    void websocketUpgradeRepeatingOriginIsRefusedInEitherOrder() throws IOException {
        assertEquals(403, status(upgrade("Origin: " + ALLOWED + "\r\nOrigin: https://evil.example\r\n")));
        assertEquals(403, status(upgrade("Origin: https://evil.example\r\nOrigin: " + ALLOWED + "\r\n")));
        assertEquals(403, status(upgrade("Origin: " + ALLOWED + "\r\nOrigin: " + ALLOWED + "\r\n")));
    }

    @Test
    void websocketUpgradeRepeatingHostAuthorizationOrKeyIsRefused() throws IOException {
        String origin = "Origin: " + ALLOWED + "\r\n";
        assertEquals(403, status(upgrade(origin + "Host: evil.example\r\n")), "Host");
        assertEquals(403, status(upgrade(origin + "Authorization: Bearer a\r\nAuthorization: Bearer b\r\n")),
                "Authorization");
        assertEquals(403, status(upgrade(origin + "Sec-WebSocket-Key: " + KEY + "\r\n")), "Sec-WebSocket-Key");
    }

    @Test
    void streamRequestRepeatingOriginIsRefused() throws IOException {
        String sse = "GET /connection/uni_sse HTTP/1.1\r\nHost: " + hostPort() + "\r\n";
        assertEquals(403, status(sse + "Origin: " + ALLOWED + "\r\nOrigin: https://evil.example\r\n"
                + "Connection: close\r\n\r\n"));
        // the same request with one Origin gets past the origin check (and fails later for its missing token)
        assertNotEquals(403, status(sse + "Origin: " + ALLOWED + "\r\nConnection: close\r\n\r\n"));
    }

    /** An upgrade of /connection/websocket with one Host and one key plus {@code extra} header lines. */
    private String upgrade(String extra) {
        return "GET /connection/websocket HTTP/1.1\r\nHost: " + hostPort() + "\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: " + KEY + "\r\n" + extra
                + "\r\n";
    }

    private String hostPort() {
        return root.getHost() + ":" + root.getPort();
    }

    /** Sends {@code request} on a fresh connection and returns the status code of the response's first line. */
    private int status(String request) throws IOException {
        try (Socket socket = new Socket(root.getHost(), root.getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            StringBuilder line = new StringBuilder();
            for (int b = in.read(); b != -1 && b != '\n'; b = in.read()) {
                line.append((char) b);
            }
            String[] parts = line.toString().split(" ");
            return parts.length > 1 ? Integer.parseInt(parts[1]) : -1;
        }
    }
}
