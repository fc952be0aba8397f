package io.pulsegate.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;

import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.junit.jupiter.api.Test;

import io.pulsegate.auth.DevTokens;
import io.pulsegate.support.TestConfig;

class AdminAuthTest {

    private static final String SECRET = "admin-test-secret-0123456789abcdef";

    private final AdminAuth auth = new AdminAuth(TestConfig.of("pulsegate.admin.password", "s3cret",
            "pulsegate.admin.secret", SECRET).admin(), Clock.systemUTC());

    @Test
    void onlyTheConfiguredPasswordSignsIn() {
        assertEquals("admin", auth.byPassword("s3cret").orElseThrow());
        assertTrue(auth.byPassword("s3cret ").isEmpty());
        assertTrue(auth.byPassword("").isEmpty());
        assertTrue(auth.byPassword(null).isEmpty());
    }

    @Test
    void withoutAPasswordNoPasswordSignsIn() {
        AdminAuth none = new AdminAuth(TestConfig.of().admin(), Clock.systemUTC());
        assertTrue(none.byPassword("").isEmpty());
        assertFalse(none.canSignIn());
    }

    @Test
    void anAdminJwtSignsInAsItsSubject() {
        assertEquals("ops:bob", auth.byToken(jwt(SECRET, "ops:bob", true, 60)).orElseThrow());
    }

    @Test
    void aJwtWithoutTheAdminClaimOrExpiredOrForeignIsRefused() {
        assertTrue(auth.byToken(jwt(SECRET, "bob", false, 60)).isEmpty(), "no admin claim");
        assertTrue(auth.byToken(jwt(SECRET, "bob", true, -120)).isEmpty(), "expired");
        assertTrue(auth.byToken(jwt("another-secret-0123456789abcdefghij", "bob", true, 60)).isEmpty(), "key");
        assertTrue(auth.byToken("not.a.jwt").isEmpty());
    }

    @Test
    void aShortSecretDisablesJwtSignIn() {
        AdminAuth weak = new AdminAuth(TestConfig.of("pulsegate.admin.secret", "short").admin(), Clock.systemUTC());
        assertTrue(weak.byToken(jwt("short-secret-padded-to-32-bytes-xx", "bob", true, 60)).isEmpty());
        assertFalse(weak.canSignIn());
    }

    @Test
    void aRevokedSessionNoLongerVerifies() {
        SessionCodec.Session session = auth.open("admin");
        String cookie = auth.codec().encode(session);
        assertTrue(auth.verify(cookie).isPresent());
        auth.revoke(session);
        assertTrue(auth.verify(cookie).isEmpty());
        assertTrue(auth.verify(auth.codec().encode(auth.open("admin"))).isPresent(), "other sessions unaffected");
    }

    @Test
    void sessionsLastTheConfiguredTtl() {
        AdminAuth shortTtl = new AdminAuth(TestConfig.of("pulsegate.admin.session-ttl", "5m").admin(),
                Clock.systemUTC());
        long expected = Clock.systemUTC().instant().plus(Duration.ofMinutes(5)).getEpochSecond();
        assertTrue(Math.abs(shortTtl.open("admin").expiresAt() - expected) <= 1);
    }

    static String jwt(String secret, String subject, boolean admin, long ttlSeconds) {
        JwtClaims claims = new JwtClaims();
        claims.setSubject(subject);
        claims.setExpirationTime(NumericDate.fromSeconds(System.currentTimeMillis() / 1000 + ttlSeconds));
        if (admin) {
            claims.setClaim("admin", true);
        }
        return DevTokens.hs256(secret, claims);
    }
}
