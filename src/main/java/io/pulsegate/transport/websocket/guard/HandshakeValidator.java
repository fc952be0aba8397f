package io.pulsegate.transport.websocket.guard;

import java.util.Base64;
import java.util.List;
import java.util.Map;

import io.quarkus.websockets.next.HttpUpgradeCheck.CheckResult;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;

/**
 * RFC 6455 section 4.2.1/4.2.2 checks that plain Vert.x skips: it upgrades HTTP/1.0 requests, requests without
 * {@code Host}, versions 7/8 and keys that are not base64 of 16 bytes.
 */
final class HandshakeValidator {

    private static final int KEY_BYTES = 16;

    private HandshakeValidator() {
    }

    /** The rejection to send, or {@code null} if the handshake request is acceptable. */
    static CheckResult validate(HttpServerRequest request) {
        if (request.version() != HttpVersion.HTTP_1_1) {
            return CheckResult.rejectUpgradeSync(400); // also HTTP/2: Vert.x 4 has no RFC 8441 support anyway
        }
        String host = request.getHeader("Host");
        if (host == null || host.isBlank()) {
            return CheckResult.rejectUpgradeSync(400);
        }
        String version = request.getHeader("Sec-WebSocket-Version");
        if (version == null || !"13".equals(version.trim())) {
            return CheckResult.rejectUpgradeSync(426, Map.of("Sec-WebSocket-Version", List.of("13")));
        }
        if (!validKey(request.getHeader("Sec-WebSocket-Key"))) {
            return CheckResult.rejectUpgradeSync(400);
        }
        return null;
    }

    private static boolean validKey(String key) {
        if (key == null) {
            return false;
        }
        String trimmed = key.trim();
        if (trimmed.length() != 24) { // base64 of 16 bytes is always 24 characters with padding
            return false;
        }
        try {
            return Base64.getDecoder().decode(trimmed).length == KEY_BYTES;
        } catch (IllegalArgumentException notBase64) {
            return false;
        }
    }
}
