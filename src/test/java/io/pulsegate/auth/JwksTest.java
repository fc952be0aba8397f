package io.pulsegate.auth;

import static io.pulsegate.auth.TestTokens.claims;
import static io.pulsegate.auth.TestTokens.ok;
import static io.pulsegate.auth.TestTokens.raw;
import static io.pulsegate.auth.TestTokens.reason;
import static io.pulsegate.auth.TestTokens.sign;
import static io.pulsegate.auth.TokenException.Reason.INVALID;
import static io.pulsegate.auth.TokenException.Reason.UNAVAILABLE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.security.Key;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.stream.IntStream;

import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.OctetSequenceJsonWebKey;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.keys.HmacKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** JWKS key selection, caching and refetch limits against a real HTTP server on 127.0.0.1 (A6, A7). */
class JwksTest {

    private CountingServer server;

    @BeforeEach
    void start() throws Exception {
        server = new CountingServer(jwks(jwk(TestKeys.RSA.getPublic(), "rsa1", null),
                jwk(TestKeys.P256.getPublic(), "ec1", null), jwk(TestKeys.ED25519.getPublic(), "ed1", null)));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    static JsonWebKey jwk(PublicKey key, String kid, String alg) {
        try {
            JsonWebKey jwk = PublicJsonWebKey.Factory.newPublicJwk(key);
            jwk.setKeyId(kid);
            jwk.setAlgorithm(alg);
            return jwk;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String jwks(JsonWebKey... keys) {
        return new JsonWebKeySet(keys).toJson(JsonWebKey.OutputControlLevel.INCLUDE_SYMMETRIC);
    }

    TokenVerifier verifier(Clock clock, Duration minRefetchInterval) {
        TokenSettings s = new TokenSettings(Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.of(URI.create(server.url("/jwks"))), Optional.empty(), Optional.empty(),
                // key selection is under test here, not exp: these tokens carry none
                Duration.ofSeconds(60), Duration.ofMinutes(10), minRefetchInterval, false, false);
        return new TokenVerifier(s, HttpClient.newHttpClient(), clock);
    }

    static String token(String alg, Key key, String kid) {
        return sign(claims("u1"), alg, key, Map.of("kid", kid));
    }

    @Test
    void rsaEcdsaAndEdDsaKeysSelectedByKid() {
        TokenVerifier v = verifier(Clock.systemUTC(), Duration.ofSeconds(30));
        assertEquals("u1", ok(v.verifyConnection(token("RS256", TestKeys.RSA.getPrivate(), "rsa1"))).user());
        assertEquals("u1", ok(v.verifyConnection(token("ES256", TestKeys.P256.getPrivate(), "ec1"))).user());
        assertEquals("u1", ok(v.verifyConnection(token("EdDSA", TestKeys.ED25519.getPrivate(), "ed1"))).user());
        CompletionStage<ConnectionClaims> cached = v
                .verifyConnection(token("RS512", TestKeys.RSA.getPrivate(), "rsa1"));
        assertTrue(cached.toCompletableFuture().isDone(), "a cached key verifies without a thread hop");
        assertEquals(1, server.requests());
    }

    @Test
    void algorithmsPinnedByKeyTypeAndJwkAlg() {
        JsonWebKey symmetric = new OctetSequenceJsonWebKey(new HmacKey(new byte[32]));
        symmetric.setKeyId("sym"); // an HMAC secret published in a JWKS must never be used
        server.body(jwks(jwk(TestKeys.RSA.getPublic(), "rsa1", "RS256"), jwk(TestKeys.P256.getPublic(), "ec1", null),
                symmetric));
        TokenVerifier v = verifier(Clock.systemUTC(), Duration.ofSeconds(30));
        ok(v.verifyConnection(token("RS256", TestKeys.RSA.getPrivate(), "rsa1")));
        assertEquals(INVALID, reason(v.verifyConnection(token("RS384", TestKeys.RSA.getPrivate(), "rsa1"))));
        HmacKey confused = new HmacKey(TestKeys.RSA.getPublic().getEncoded());
        assertEquals(INVALID, reason(v.verifyConnection(token("HS256", confused, "rsa1"))));
        assertEquals(INVALID, reason(v.verifyConnection(token("HS256", new HmacKey(new byte[32]), "sym"))));
        assertEquals(INVALID, reason(v.verifyConnection(token("ES384", TestKeys.P384.getPrivate(), "ec1"))));
        assertEquals(INVALID, reason(v.verifyConnection(sign(claims("u1"), "RS256", TestKeys.RSA.getPrivate()))));
    }

    @Test
    void concurrentVerificationsShareOneFetch() {
        TokenVerifier v = verifier(Clock.systemUTC(), Duration.ofSeconds(30));
        String token = token("ES256", TestKeys.P256.getPrivate(), "ec1");
        List<CompletionStage<ConnectionClaims>> all = IntStream.range(0, 50).parallel()
                .mapToObj(i -> v.verifyConnection(token)).toList();
        all.forEach(TestTokens::ok);
        assertEquals(1, server.requests());
    }

    @Test
    void unknownKidSprayCostsAtMostOneFetchPerInterval() { // A7
        MutableClock clock = new MutableClock();
        TokenVerifier v = verifier(clock, Duration.ofSeconds(30));
        ok(v.verifyConnection(token("ES256", TestKeys.P256.getPrivate(), "ec1")));
        assertEquals(1, server.requests());
        spray(v, 1000);
        assertEquals(1, server.requests(), "no refetch inside the interval");
        clock.advance(Duration.ofSeconds(31));
        spray(v, 1000);
        assertEquals(2, server.requests(), "exactly one forced refetch once the interval passed");
    }

    private static void spray(TokenVerifier v, int n) {
        List<CompletionStage<ConnectionClaims>> all = IntStream.range(0, n).parallel()
                .mapToObj(i -> v.verifyConnection(raw("{\"alg\":\"RS256\",\"kid\":\"forged-" + i + "\"}",
                        "{\"sub\":\"admin\"}", "AAAA")))
                .toList();
        all.forEach(stage -> assertEquals(INVALID, reason(stage)));
    }

    @Test
    void rotatedKeyPickedUpOnceTheIntervalAllows() throws Exception {
        TokenVerifier v = verifier(Clock.systemUTC(), Duration.ofMillis(200));
        ok(v.verifyConnection(token("RS256", TestKeys.RSA.getPrivate(), "rsa1")));
        var next = TestKeys.P384;
        server.body(jwks(jwk(next.getPublic(), "ec2", null)));
        String rotated = token("ES384", next.getPrivate(), "ec2");
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (v.verifyConnection(rotated).toCompletableFuture().handle((c, e) -> e).get() != null) {
            assertTrue(System.nanoTime() < deadline, "rotated key not picked up");
            Thread.sleep(20); // polling step, not the thing under test
        }
        assertEquals(2, server.requests());
    }

    @Test
    void unreachableOrOversizedKeySetIsUnavailableNotInvalid() {
        server.status(500);
        TokenVerifier failing = verifier(Clock.systemUTC(), Duration.ZERO);
        assertEquals(UNAVAILABLE, reason(failing.verifyConnection(token("RS256", TestKeys.RSA.getPrivate(), "rsa1"))));
        server.status(200);
        String huge = "{\"keys\":[],\"pad\":\"" + "x".repeat((int) JwksCache.MAX_BODY_BYTES) + "\"}";
        server.body(huge);
        assertEquals(UNAVAILABLE, reason(failing.verifyConnection(token("RS256", TestKeys.RSA.getPrivate(), "rsa1"))));
        server.chunked(true);
        assertEquals(UNAVAILABLE, reason(failing.verifyConnection(token("RS256", TestKeys.RSA.getPrivate(), "rsa1"))));
    }

    @Test
    void lastGoodKeySetServedWhileTheEndpointFails() {
        MutableClock clock = new MutableClock();
        TokenVerifier v = verifier(clock, Duration.ofSeconds(30));
        String token = token("RS256", TestKeys.RSA.getPrivate(), "rsa1");
        ok(v.verifyConnection(token));
        server.status(503);
        clock.advance(Duration.ofMinutes(11)); // past the 10 min TTL
        ok(v.verifyConnection(token));
        assertEquals(2, server.requests());
    }
}
