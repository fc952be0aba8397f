package io.pulsegate.auth;

import static io.pulsegate.auth.TestTokens.claims;
import static io.pulsegate.auth.TestTokens.failure;
import static io.pulsegate.auth.TestTokens.ok;
import static io.pulsegate.auth.TestTokens.raw;
import static io.pulsegate.auth.TestTokens.reason;
import static io.pulsegate.auth.TestTokens.sign;
import static io.pulsegate.auth.TokenException.Reason.EXPIRED;
import static io.pulsegate.auth.TokenException.Reason.INVALID;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.keys.HmacKey;
import org.junit.jupiter.api.Test;

/** Signature, algorithm pinning and registered-claim rules (catalogue A1–A4, A6, A10). */
class TokenVerifierTest {

    static final long NOW = 1_700_000_000L;
    static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC);
    static final String SECRET = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    static final HmacKey HMAC = new HmacKey(SECRET.getBytes(StandardCharsets.UTF_8));

    static TokenSettings settings(Optional<String> hmac, Optional<String> rsa, Optional<String> ec,
            Optional<String> aud, Optional<String> iss) {
        return new TokenSettings(hmac, rsa, ec, Optional.empty(), aud, iss, Duration.ofSeconds(60),
                Duration.ofMinutes(5), Duration.ofSeconds(30), true, false);
    }

    static TokenVerifier verifier(TokenSettings s) {
        return new TokenVerifier(s, HttpClient.newHttpClient(), CLOCK);
    }

    static final TokenVerifier HS = verifier(TokenSettings.hmac(SECRET));
    static final TokenVerifier RS = verifier(
            settings(Optional.empty(), Optional.of(TestKeys.pem(TestKeys.RSA.getPublic())), Optional.empty(),
                    Optional.empty(), Optional.empty()));

    static TokenVerifier ec(KeyPair pair) {
        return verifier(settings(Optional.empty(), Optional.empty(), Optional.of(TestKeys.pem(pair.getPublic())),
                Optional.empty(), Optional.empty()));
    }

    static JwtClaims at(long expOffset) {
        JwtClaims c = claims("u1");
        c.setExpirationTime(NumericDate.fromSeconds(NOW + expOffset));
        return c;
    }

    /** Verifications with static keys must be complete on return (no thread hop). */
    static <T> CompletionStage<T> sync(CompletionStage<T> stage) {
        assertTrue(stage.toCompletableFuture().isDone(), "static-key verification must complete synchronously");
        return stage;
    }

    @Test
    void hmacFamilyAccepted() {
        for (String alg : List.of("HS256", "HS384", "HS512")) {
            ConnectionClaims c = ok(sync(HS.verifyConnection(sign(at(3600), alg, HMAC))));
            assertEquals("u1", c.user(), alg);
            assertEquals(NOW + 3600, c.expireAt());
        }
    }

    @Test
    void hmacAlgorithmsLongerThanTheSecretAreRefused() {
        String secret32 = SECRET.substring(0, 32);
        TokenVerifier v = verifier(TokenSettings.hmac(secret32));
        HmacKey key = new HmacKey(secret32.getBytes(StandardCharsets.UTF_8));
        ok(v.verifyConnection(sign(at(60), "HS256", key)));
        assertEquals(INVALID, reason(v.verifyConnection(sign(at(60), "HS512", key))));
    }

    @Test
    void rsaFamilyAccepted() {
        for (String alg : List.of("RS256", "RS384", "RS512")) {
            assertEquals("u1", ok(sync(RS.verifyConnection(sign(at(60), alg, TestKeys.RSA.getPrivate())))).user());
        }
    }

    @Test
    void ecdsaAcceptedOnlyWithTheCurveOfItsAlgorithm() {
        assertEquals("u1", ok(ec(TestKeys.P256).verifyConnection(sign(at(60), "ES256", TestKeys.P256.getPrivate())))
                .user());
        assertEquals("u1", ok(ec(TestKeys.P384).verifyConnection(sign(at(60), "ES384", TestKeys.P384.getPrivate())))
                .user());
        assertEquals("u1", ok(ec(TestKeys.P521).verifyConnection(sign(at(60), "ES512", TestKeys.P521.getPrivate())))
                .user());
        assertEquals(INVALID,
                reason(ec(TestKeys.P384).verifyConnection(sign(at(60), "ES256", TestKeys.P384.getPrivate()))));
    }

    @Test
    void algNoneRejected() { // A1
        String payload = "{\"sub\":\"admin\"}";
        for (String alg : List.of("none", "None", "NONE")) {
            assertEquals(INVALID, reason(HS.verifyConnection(raw("{\"alg\":\"" + alg + "\"}", payload, ""))));
            assertEquals(INVALID, reason(RS.verifyConnection(raw("{\"alg\":\"" + alg + "\"}", payload, ""))));
        }
    }

    @Test
    void hs256SignedWithTheRsaPublicKeyRejected() { // A2
        String pem = TestKeys.pem(TestKeys.RSA.getPublic());
        for (byte[] secret : List.of(pem.getBytes(StandardCharsets.UTF_8), TestKeys.RSA.getPublic().getEncoded())) {
            String forged = sign(at(60), "HS256", new HmacKey(secret));
            assertEquals(INVALID, reason(RS.verifyConnection(forged)));
        }
    }

    @Test
    void tokensForOtherAudiencesOrIssuersRejected() { // A3, A10
        TokenVerifier v = verifier(settings(Optional.of(SECRET), Optional.empty(), Optional.empty(),
                Optional.of("pulsegate"), Optional.of("https://idp.example.com")));
        JwtClaims good = at(60);
        good.setAudience("other", "pulsegate");
        good.setIssuer("https://idp.example.com");
        ok(v.verifyConnection(sign(good, "HS256", HMAC)));

        JwtClaims wrongAud = at(60);
        wrongAud.setAudience("staging");
        wrongAud.setIssuer("https://idp.example.com");
        JwtClaims missingAud = at(60);
        missingAud.setIssuer("https://idp.example.com");
        JwtClaims wrongIss = at(60);
        wrongIss.setAudience("pulsegate");
        wrongIss.setIssuer("https://evil.example.com");
        JwtClaims missingIss = at(60);
        missingIss.setAudience("pulsegate");
        for (JwtClaims bad : List.of(wrongAud, missingAud, wrongIss, missingIss)) {
            assertEquals(INVALID, reason(v.verifyConnection(sign(bad, "HS256", HMAC))), bad.toJson());
        }
    }

    @Test
    void audienceIgnoredWhenNotConfigured() {
        JwtClaims c = at(60);
        c.setAudience("anything");
        ok(HS.verifyConnection(sign(c, "HS256", HMAC)));
    }

    @Test
    void expIsExactTheSkewDoesNotStretchIt() { // A4
        ok(HS.verifyConnection(sign(at(1), "HS256", HMAC))); // one second left
        assertEquals(EXPIRED, reason(HS.verifyConnection(sign(at(0), "HS256", HMAC))));
        assertEquals(EXPIRED, reason(HS.verifyConnection(sign(at(-30), "HS256", HMAC)))); // within the 60 s skew
        assertEquals(EXPIRED, reason(HS.verifyConnection(sign(at(-61), "HS256", HMAC))));
        JwtClaims sub = at(-30);
        sub.setClaim("channel", "news");
        assertEquals(EXPIRED, reason(HS.verifySubscription(sign(sub, "HS256", HMAC))));
    }

    @Test
    void theSkewAppliesToNbfAndIat() { // A4
        JwtClaims nbf = at(3600);
        nbf.setNotBefore(NumericDate.fromSeconds(NOW + 59)); // a clock 59 s ahead issued it
        ok(HS.verifyConnection(sign(nbf, "HS256", HMAC)));
        nbf.setNotBefore(NumericDate.fromSeconds(NOW + 61));
        assertEquals(EXPIRED, reason(HS.verifyConnection(sign(nbf, "HS256", HMAC))));

        JwtClaims futureIat = at(3600);
        futureIat.setIssuedAt(NumericDate.fromSeconds(NOW + 61));
        assertEquals(INVALID, reason(HS.verifyConnection(sign(futureIat, "HS256", HMAC))));
        futureIat.setIssuedAt(NumericDate.fromSeconds(NOW + 59));
        ok(HS.verifyConnection(sign(futureIat, "HS256", HMAC)));
    }

    @Test
    void connectionTokensNeedExpUnlessRequireExpIsOff() {
        JwtClaims noExp = claims("u1");
        assertEquals(INVALID, reason(HS.verifyConnection(sign(noExp, "HS256", HMAC))));
        TokenVerifier lenient = verifier(new TokenSettings(Optional.of(SECRET), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Duration.ofSeconds(60), Duration.ofMinutes(5),
                Duration.ofSeconds(30), false, false));
        assertEquals(0, ok(lenient.verifyConnection(sign(noExp, "HS256", HMAC))).expireAt());
        JwtClaims sub = claims("u1");
        sub.setClaim("channel", "news");
        assertEquals(0, ok(HS.verifySubscription(sign(sub, "HS256", HMAC))).expireAt(), "subscriptions may omit it");
    }

    @Test
    void expireAtOverridesExp() {
        JwtClaims c = at(3600);
        c.setClaim("expire_at", NOW + 60);
        assertEquals(NOW + 60, ok(HS.verifyConnection(sign(c, "HS256", HMAC))).expireAt());
        c.setClaim("expire_at", 0);
        assertEquals(0, ok(HS.verifyConnection(sign(c, "HS256", HMAC))).expireAt());
    }

    @Test
    void expiredTokenWithBadSignatureIsInvalidNotExpired() {
        String token = sign(at(-3600), "HS256", new HmacKey(new byte[32]));
        assertEquals(INVALID, reason(HS.verifyConnection(token)));
    }

    @Test
    void malformedTokensRejected() {
        for (String t : new String[]{null, "", "abc", "a.b.c", "a.b.c.d.e", "x".repeat(70_000),
                raw("{\"alg\":\"HS256\"}", "[1,2]", "AAAA"), raw("not json", "{}", "AAAA")}) {
            assertEquals(INVALID, reason(HS.verifyConnection(t)));
        }
        JwtClaims numericSub = new JwtClaims();
        numericSub.setClaim("sub", 42);
        assertEquals(INVALID, reason(HS.verifyConnection(sign(numericSub, "HS256", HMAC))));
        JwtClaims nested = claims("u1");
        assertEquals(INVALID,
                reason(HS.verifyConnection(sign(nested, "HS256", HMAC, Map.of("cty", "JWT")))));
    }

    @Test
    void duplicateClaimsRejected() { // RFC 8725 §2.6: one name, two meanings
        String token = TestTokens.hmacSigned("{\"alg\":\"HS256\"}",
                "{\"sub\":\"alice\",\"sub\":\"admin\",\"exp\":" + (NOW + 60) + "}", HMAC);
        assertEquals(INVALID, reason(HS.verifyConnection(token)));
        ok(HS.verifyConnection(
                TestTokens.hmacSigned("{\"alg\":\"HS256\"}", "{\"sub\":\"alice\",\"exp\":" + (NOW + 60) + "}",
                        HMAC)));
    }

    @Test
    void kidAndKeyUrlHeadersNeverCauseRequests() throws Exception { // A6
        try (CountingServer evil = new CountingServer("{\"keys\":[]}")) {
            KeyPair attacker = TestKeys.rsa();
            String jwk = new RsaJsonWebKey((RSAPublicKey) attacker.getPublic())
                    .toJson();
            List<Map<String, String>> headers = List.of(Map.of("kid", "../../dev/null"),
                    Map.of("kid", "' OR 1=1"), Map.of("jku", evil.url("/evil")),
                    Map.of("x5u", evil.url("/cert")), Map.of("kid", "k", "jku", evil.url("/evil")));
            for (Map<String, String> h : headers) {
                assertEquals(INVALID, reason(RS.verifyConnection(sign(at(60), "RS256", attacker.getPrivate(), h))));
                assertEquals(INVALID, reason(HS.verifyConnection(sign(at(60), "HS256", new HmacKey(new byte[32]), h))));
            }
            String embedded = raw("{\"alg\":\"RS256\",\"jwk\":" + jwk + "}", "{\"sub\":\"admin\"}", "AAAA");
            assertEquals(INVALID, reason(RS.verifyConnection(embedded)));
            assertEquals(0, evil.requests());
        }
    }

    @Test
    void connectionTokenWithChannelRejected() {
        JwtClaims c = at(60);
        c.setClaim("channel", "news");
        assertEquals(INVALID, reason(HS.verifyConnection(sign(c, "HS256", HMAC))));
        ok(HS.verifySubscription(sign(c, "HS256", HMAC)));
    }

    @Test
    void connectionClaimsExtracted() {
        String payload = "{\"sub\":\"alice\",\"exp\":" + (NOW + 60)
                + ",\"info\":{\"name\": \"Alice\",\n \"n\":[1,2.50,true]},"
                + "\"meta\":{\"plan\":\"pro\"},\"channels\":[\"news\",\"#alice\"],"
                + "\"subs\":{\"chat:1\":{\"info\":\"x\",\"b64data\":\"AQID\","
                + "\"override\":{\"presence\":{\"value\":true},\"join_leave\":{\"value\":false}}}}}";
        ConnectionClaims c = ok(HS.verifyConnection(TestTokens.hmacSigned("{\"alg\":\"HS256\"}", payload, HMAC)));
        assertEquals("alice", c.user());
        assertEquals("{\"name\":\"Alice\",\"n\":[1,2.50,true]}", new String(c.info(), StandardCharsets.UTF_8));
        assertEquals("{\"plan\":\"pro\"}", new String(c.meta(), StandardCharsets.UTF_8));
        assertEquals(List.of("news", "#alice"), c.channels());
        SubClaim sub = c.subs().get("chat:1");
        assertEquals("\"x\"", new String(sub.info(), StandardCharsets.UTF_8));
        assertArrayEquals(new byte[]{1, 2, 3}, sub.data());
        assertEquals(new ChannelOverride(true, false, null, null, null), sub.override());

        JwtClaims b64 = claims("");
        b64.setExpirationTime(NumericDate.fromSeconds(NOW + 60));
        b64.setClaim("b64info", "AAEC");
        ConnectionClaims anon = ok(HS.verifyConnection(sign(b64, "HS256", HMAC)));
        assertEquals("", anon.user());
        assertArrayEquals(new byte[]{0, 1, 2}, anon.info());
        assertEquals(List.of(), anon.channels());
        assertEquals(null, anon.meta());
    }

    @Test
    void wronglyTypedCentrifugoClaimsRejected() {
        for (String payload : List.of("{\"channels\":\"news\"}", "{\"channels\":[1]}", "{\"b64info\":\"%%\"}",
                "{\"subs\":[]}", "{\"expire_at\":\"soon\"}",
                "{\"subs\":{\"a\":{\"override\":{\"presence\":{\"value\":\"yes\"}}}}}")) {
            assertEquals(INVALID,
                    reason(HS.verifyConnection(TestTokens.hmacSigned("{\"alg\":\"HS256\"}", payload, HMAC))), payload);
        }
    }

    @Test
    void subscriptionClaims() {
        JwtClaims c = at(3600);
        c.setClaim("channel", "$private");
        c.setClaim("client", "c-1");
        c.setClaim("b64info", "AQ==");
        c.setClaim("data", Map.of("k", "v"));
        c.setClaim("override", Map.of("force_recovery", Map.of("value", true)));
        SubscriptionClaims s = ok(HS.verifySubscription(sign(c, "HS256", HMAC)));
        assertEquals(new SubscriptionClaims("u1", "$private", "c-1", NOW + 3600, s.info(), s.data(),
                new ChannelOverride(null, null, null, true, null)), s);
        assertArrayEquals(new byte[]{1}, s.info());
        assertEquals("{\"k\":\"v\"}", new String(s.data(), StandardCharsets.UTF_8));

        assertEquals(INVALID, reason(HS.verifySubscription(sign(at(60), "HS256", HMAC))));
        JwtClaims empty = at(60);
        empty.setClaim("channel", "");
        assertEquals(INVALID, reason(HS.verifySubscription(sign(empty, "HS256", HMAC))));
        JwtClaims expired = at(-3600);
        expired.setClaim("channel", "news");
        assertEquals(EXPIRED, reason(HS.verifySubscription(sign(expired, "HS256", HMAC))));
    }

    @Test
    void devTokensVerify() {
        TokenVerifier live = new TokenVerifier(TokenSettings.hmac(SECRET));
        ConnectionClaims c = ok(live.verifyConnection(DevTokens.connectionToken(SECRET, "bob", Duration.ofHours(1))));
        assertEquals("bob", c.user());
        assertTrue(c.expireAt() > Instant.now().getEpochSecond());
        SubscriptionClaims s = ok(live.verifySubscription(DevTokens.subscriptionToken(SECRET, "bob", "news", null)));
        assertEquals("news", s.channel());
        assertEquals(0, s.expireAt());
        assertThrows(IllegalArgumentException.class, () -> DevTokens.connectionToken("short", "bob", null));
    }

    @Test
    void failuresCarryNoTokenAndNoStackTrace() {
        String token = sign(at(-3600), "HS256", HMAC);
        TokenException e = failure(HS.verifyConnection(token));
        assertEquals(0, e.getStackTrace().length);
        assertFalse(e.getMessage().contains(token.substring(0, 20)));
        assertFalse(e.getMessage().contains("u1"));
    }

    @Test
    void weakOrBrokenKeyMaterialRejectedAtConstruction() {
        IllegalArgumentException weak = assertThrows(IllegalArgumentException.class,
                () -> TokenSettings.hmac("secret12"));
        assertTrue(weak.getMessage().contains("too weak"));
        assertFalse(weak.getMessage().contains("secret12"));
        assertThrows(IllegalArgumentException.class, () -> settings(Optional.empty(), Optional.of("garbage"),
                Optional.empty(), Optional.empty(), Optional.empty()));
        String ecPem = TestKeys.pem(TestKeys.P256.getPublic());
        assertThrows(IllegalArgumentException.class, () -> settings(Optional.empty(), Optional.of(ecPem),
                Optional.empty(), Optional.empty(), Optional.empty()));
        String rsaPem = TestKeys.pem(TestKeys.RSA.getPublic());
        assertThrows(IllegalArgumentException.class, () -> settings(Optional.empty(), Optional.empty(),
                Optional.of(rsaPem), Optional.empty(), Optional.empty()));
    }

    @Test
    void weakSecretAcceptedOnlyWhenExplicitlyAllowed() {
        TokenSettings weak = new TokenSettings(Optional.of("secret"), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Duration.ofSeconds(60), Duration.ofMinutes(5),
                Duration.ofSeconds(30), true, true);
        HmacKey key = new HmacKey("secret".getBytes(StandardCharsets.UTF_8));
        ConnectionClaims claims = verifier(weak).verifyConnection(sign(at(3600), "HS256", key)).toCompletableFuture()
                .join();
        assertEquals("u1", claims.user());
    }
}
