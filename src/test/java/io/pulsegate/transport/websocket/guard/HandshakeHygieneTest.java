package io.pulsegate.transport.websocket.guard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URL;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/** Handshake hygiene (hardening.md 1.2/1.6, rows H1-H3) and permessage-deflate negotiation (1.5, Z4). */
@QuarkusTest
class HandshakeHygieneTest {

    @TestHTTPResource("/")
    URL url;

    private RawWebSocketClient.Response handshake(String request) throws IOException {
        try (RawWebSocketClient client = new RawWebSocketClient(url.getPort())) {
            return client.handshake(request);
        }
    }

    private String request(String httpVersion, String version, String key, String extensions) {
        return RawWebSocketClient.request(url.getPort(), httpVersion, version, key, extensions);
    }

    @ParameterizedTest
    @ValueSource(strings = {"8", "7", "99"})
    void unsupportedVersionGets426(String version) throws IOException { // H1
        RawWebSocketClient.Response response = handshake(request("HTTP/1.1", version, RawWebSocketClient.VALID_KEY,
                null));
        assertEquals(426, response.status());
        assertEquals("13", response.headers().get("sec-websocket-version"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "dGhlIHNhbXBsZSBub25jZQ", "dGhlIHNhbXBsZSBub25jZXg=", "!!!!!!!!!!!!!!!!!!!!!!=="})
    void invalidKeyGets400(String key) throws IOException { // H2
        assertEquals(400, handshake(request("HTTP/1.1", "13", key, null)).status());
    }

    @Test
    void missingKeyOrHixie76Gets400() throws IOException { // H1, H2
        assertEquals(400, handshake(request("HTTP/1.1", "13", null, null)).status());
        String hixie = "GET /test/echo HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: WebSocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key1: 4 @1  46546xW%0l 1 5\r\nSec-WebSocket-Key2: 12998 5 Y3 1  .P00\r\n\r\n^n:ds[4U";
        assertEquals(400, handshake(hixie).status());
    }

    @Test
    void plainRequestToUnknownPathIsStill404() throws IOException {
        assertEquals(404, handshake("GET /nope HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").status());
    }

    @Test
    void http10Gets400() throws IOException { // H3
        assertEquals(400, handshake(request("HTTP/1.0", "13", RawWebSocketClient.VALID_KEY, null)).status());
    }

    @Test
    void missingHostGets400() throws IOException { // H3
        String noHost = request("HTTP/1.1", "13", RawWebSocketClient.VALID_KEY, null)
                .replaceFirst("Host: [^\r]*\r\n", "");
        assertEquals(400, handshake(noHost).status());
    }

    @Test
    void headerBlockAbove8KiBGets431() throws IOException {
        String upgrade = request("HTTP/1.1", "13", RawWebSocketClient.VALID_KEY, null);
        assertEquals(431, handshake(padded(upgrade, 10 * 1024)).status());
        assertEquals(101, handshake(padded(upgrade, 6 * 1024)).status());
    }

    /** {@code request} with one more header of {@code bytes} characters. */
    private static String padded(String request, int bytes) {
        return request.replaceFirst("\r\n\r\n$", "\r\nX-Padding: " + "a".repeat(bytes) + "\r\n\r\n");
    }

    @Test
    void deflateAlwaysWithoutContextTakeover() throws IOException {
        for (String offer : new String[]{"permessage-deflate", "permessage-deflate; client_max_window_bits",
                "x-webkit-deflate-frame, permessage-deflate; client_no_context_takeover"}) {
            var response = handshake(request("HTTP/1.1", "13", RawWebSocketClient.VALID_KEY, offer));
            assertEquals(101, response.status());
            String extensions = response.headers().get("sec-websocket-extensions");
            assertTrue(extensions != null && extensions.startsWith("permessage-deflate"), offer + " -> " + extensions);
            assertTrue(extensions.contains("server_no_context_takeover"), extensions);
            assertTrue(extensions.contains("client_no_context_takeover"), extensions);
        }
    }

    @Test
    void anOfferRepeatingAParameterIsSkippedForTheNextOne() throws IOException {
        var response = handshake(request("HTTP/1.1", "13", RawWebSocketClient.VALID_KEY,
                "permessage-deflate; server_no_context_takeover; server_no_context_takeover, permessage-deflate;"
                        + " client_max_window_bits"));
        assertEquals(101, response.status());
        String extensions = response.headers().get("sec-websocket-extensions");
        assertTrue(extensions != null && extensions.startsWith("permessage-deflate"), response.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"permessage-deflate; client_max_window_bits=8",
            "permessage-deflate; server_max_window_bits=8", "permessage-deflate; server_max_window_bits=10",
            "permessage-deflate; client_max_window_bits=abc", "permessage-deflate; foo=bar",
            // RFC 7692 section 5: an offer repeating a parameter is declined
            "permessage-deflate; client_no_context_takeover; client_no_context_takeover",
            "permessage-deflate; client_max_window_bits=10; Client_Max_Window_Bits=12"})
    void unacceptableDeflateOffersAreDeclined(String offer) throws IOException { // Z4
        var response = handshake(request("HTTP/1.1", "13", RawWebSocketClient.VALID_KEY, offer));
        assertEquals(101, response.status());
        assertFalse(response.headers().containsKey("sec-websocket-extensions"), response.toString());
    }
}
