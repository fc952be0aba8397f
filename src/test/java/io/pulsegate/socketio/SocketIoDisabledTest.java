package io.pulsegate.socketio;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/** Socket.IO is off by default (as in the test profile): its upgrade is a 404, the Centrifugo endpoint unaffected. */
@QuarkusTest
class SocketIoDisabledTest {

    private static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";

    @TestHTTPResource("/")
    URI root;

    @Test
    void theSocketIoUpgradeIsNotFoundWhileDisabled() throws IOException {
        assertEquals(404, status("/socket.io/?EIO=4&transport=websocket"));
        assertEquals(101, status("/connection/websocket"));
    }

    private int status(String path) throws IOException {
        String request = "GET " + path + " HTTP/1.1\r\nHost: " + root.getHost() + ":" + root.getPort()
                + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: "
                + KEY + "\r\n\r\n";
        try (Socket socket = new Socket(root.getHost(), root.getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            StringBuilder line = new StringBuilder();
            for (int b = in.read(); b != -1 && b != '\n'; b = in.read()) {
                line.append((char) b);
            }
            return Integer.parseInt(line.toString().split(" ")[1]);
        }
    }
}
