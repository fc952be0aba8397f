package io.pulsegate.socketio;

import java.security.SecureRandom;
import java.util.Base64;

/** Engine.IO session ids: 15 random bytes, URL-safe base64 (20 characters, as the reference server's). */
final class SessionIds {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    private SessionIds() {
    }

    static String next() {
        byte[] bytes = new byte[15];
        RANDOM.nextBytes(bytes);
        return ENCODER.encodeToString(bytes);
    }
}
