package io.pulsegate.transport.handshake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * The header-read deadline and the pending-handshake cap (issue 16, hardening.md 5.2 and row H7), against the real
 * HTTP server with a 1 s deadline and a cap of 3 per address. Raw sockets, so the test controls every byte and which
 * loopback address a connection comes from.
 */
@QuarkusTest
@TestProfile(HandshakeDeadlineTest.ShortDeadline.class)
class HandshakeDeadlineTest {

    private static final long DEADLINE_MS = 1000;
    /** How long a raw read waits: several deadlines, so a missing cut shows as a read timeout, not a hang. */
    private static final int READ_TIMEOUT_MS = 8000;

    public static class ShortDeadline implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("pulsegate.http.header-timeout", DEADLINE_MS + "ms",
                    "pulsegate.http.max-pending-handshakes-per-address", "3");
        }
    }

    @TestHTTPResource("/")
    URL url;

    @Inject
    HandshakeRoute route;

    @BeforeEach
    void hookInstalledByTheStartupRequest() {
        // No test has sent anything yet when the first of these runs: the gateway's own startup request installs it.
        await(route::installed, "accept hook installed at startup");
    }

    @Test
    void silentConnectionGets408AndIsClosed() throws IOException {
        try (Socket socket = connect("127.0.0.1")) {
            String answer = readToEnd(socket);
            assertTrue(answer.startsWith("HTTP/1.1 408 "), answer);
        }
    }

    @Test
    void headersDribbledOneLineAtATimeAreCut() throws Exception {
        try (Socket socket = connect("127.0.0.1")) {
            OutputStream out = socket.getOutputStream();
            out.write("GET /q/health/live HTTP/1.1\r\nHost: 127.0.0.1\r\n".getBytes(StandardCharsets.US_ASCII));
            CompletableFuture<Void> dribble = CompletableFuture.runAsync(() -> dribble(out, 40, 200));
            String answer = readToEnd(socket);
            assertTrue(answer.startsWith("HTTP/1.1 408 "), answer);
            dribble.get(READ_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        }
    }

    @Test
    void idleKeepAliveConnectionIsNotCutAndServesTheNextRequest() throws Exception {
        try (Socket socket = connect("127.0.0.1")) {
            assertEquals(200, exchange(socket));
            // Idle between requests is the idle timeout's business, not the header deadline's.
            Thread.sleep(DEADLINE_MS * 2);
            assertEquals(200, exchange(socket));
        }
    }

    @Test
    void webSocketOutlivesTheDeadline() throws Exception {
        List<CharSequence> received = new ArrayList<>();
        CompletableFuture<Void> echoed = new CompletableFuture<>();
        WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + url.getPort() + "/test/echo"), new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                        received.add(data.toString());
                        echoed.complete(null);
                        return WebSocket.Listener.super.onText(webSocket, data, last);
                    }
                }).get(5, TimeUnit.SECONDS);
        Thread.sleep(DEADLINE_MS * 2);
        ws.sendText("still here", true).get(5, TimeUnit.SECONDS);
        echoed.get(5, TimeUnit.SECONDS);
        assertEquals(List.of("still here"), received);
        ws.abort();
    }

    @Test
    void fourthPendingHandshakeFromOneAddressIsRefusedOthersAreNot() throws Exception {
        List<Socket> pending = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                pending.add(connect("127.0.0.4"));
            }
            await(() -> pendingFrom("127.0.0.5") >= 3, "three pending handshakes counted");
            try (Socket refused = connect("127.0.0.4")) {
                assertEquals("", readToEnd(refused), "closed at accept, without a response");
            }
            try (Socket other = connect("127.0.0.6")) {
                assertEquals(200, exchange(other));
            }
            assertTrue(metric("127.0.0.5",
                    "pulsegate_limit_rejections_total{limit=\"handshake_pending_per_address\"}") >= 1);
        } finally {
            for (Socket socket : pending) {
                socket.close();
            }
        }
    }

    @Test
    void timeoutsAreCounted() throws Exception {
        double before = metric("127.0.0.7", "pulsegate_limit_rejections_total{limit=\"handshake_header_timeout\"}");
        try (Socket socket = connect("127.0.0.1")) {
            readToEnd(socket);
        }
        await(() -> metric("127.0.0.7",
                "pulsegate_limit_rejections_total{limit=\"handshake_header_timeout\"}") > before, "timeout counted");
    }

    private Socket connect(String from) throws IOException {
        Socket socket = new Socket();
        socket.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
        socket.connect(new InetSocketAddress("127.0.0.1", url.getPort()), 2000);
        socket.setSoTimeout(READ_TIMEOUT_MS);
        return socket;
    }

    /** Sends one GET on {@code socket} and reads its response; returns the status. */
    private static int exchange(Socket socket) throws IOException {
        socket.getOutputStream()
                .write("GET /q/health/live HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        return RawHttp.readResponse(socket.getInputStream()).status();
    }

    private double metric(String from, String series) {
        try (Socket socket = connect(from)) {
            socket.getOutputStream().write(("GET /q/metrics HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            String body = RawHttp.readResponse(socket.getInputStream()).body();
            return body.lines().filter(line -> line.startsWith(series + " ")).findFirst()
                    .map(line -> Double.parseDouble(line.substring(series.length() + 1))).orElse(0.0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private double pendingFrom(String from) {
        return metric(from, "pulsegate_http_pending_handshakes");
    }

    private static String readToEnd(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
    }

    private static void dribble(OutputStream out, int lines, long pauseMs) {
        try {
            for (int i = 0; i < lines; i++) {
                out.write(("X-Slow-" + i + ": a\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                Thread.sleep(pauseMs);
            }
        } catch (IOException closedByServer) {
            // expected once the deadline has cut the connection
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for: " + what);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
    }
}
