package io.pulsegate.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

class SessionCodecTest {

    private static final byte[] KEY = "admin-test-secret-0123456789abcdef".getBytes(StandardCharsets.UTF_8);
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    private final SessionCodec codec = new SessionCodec(KEY, Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void anIssuedTokenDecodesToItsSession() {
        SessionCodec.Session session = codec.open("ops:alice", Duration.ofMinutes(10));
        assertEquals(session, codec.decode(codec.encode(session)).orElseThrow());
        assertEquals(NOW.plusSeconds(600).getEpochSecond(), session.expiresAt());
    }

    @Test
    void sessionsHaveDistinctIdsAndCsrfTokens() {
        SessionCodec.Session a = codec.open("admin", Duration.ofMinutes(1));
        SessionCodec.Session b = codec.open("admin", Duration.ofMinutes(1));
        assertNotEquals(a.id(), b.id());
        assertTrue(codec.csrfMatches(a, codec.csrf(a)));
        assertFalse(codec.csrfMatches(a, codec.csrf(b)));
        assertFalse(codec.csrfMatches(a, null));
        assertFalse(codec.csrfMatches(a, ""));
    }

    @Test
    void anExpiredTokenIsRefused() {
        SessionCodec earlier = new SessionCodec(KEY, Clock.fixed(NOW.minusSeconds(61), ZoneOffset.UTC));
        String token = earlier.encode(earlier.open("admin", Duration.ofSeconds(60)));
        assertTrue(earlier.decode(token).isPresent());
        assertTrue(codec.decode(token).isEmpty());
    }

    @Test
    void aTamperedTokenIsRefused() {
        String token = codec.encode(codec.open("admin", Duration.ofMinutes(1)));
        int dot = token.indexOf('.');
        String otherPayload = codec.encode(codec.open("root", Duration.ofDays(365))).split("\\.")[0];
        assertTrue(codec.decode(otherPayload + token.substring(dot)).isEmpty(), "payload swapped");
        char last = token.charAt(token.length() - 1);
        assertTrue(codec.decode(token.substring(0, token.length() - 1) + (last == 'A' ? 'B' : 'A')).isEmpty());
    }

    @Test
    void aTokenSignedWithAnotherKeyIsRefused() {
        SessionCodec other = new SessionCodec("another-secret-0123456789abcdefghij".getBytes(StandardCharsets.UTF_8),
                Clock.fixed(NOW, ZoneOffset.UTC));
        assertTrue(codec.decode(other.encode(other.open("admin", Duration.ofMinutes(1)))).isEmpty());
    }

    @Test
    void garbageIsRefused() {
        for (String garbage : new String[]{"", ".", "abc", "abc.def", "%%%.%%%", "a.b.c"}) {
            assertTrue(codec.decode(garbage).isEmpty(), garbage);
        }
    }
}
