package io.pulsegate.auth;

import java.nio.charset.StandardCharsets;
import java.security.Key;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;

/** Token minting with arbitrary headers and keys, and helpers to read verification outcomes. */
final class TestTokens {

    private TestTokens() {
    }

    static String sign(JwtClaims claims, String alg, Key key, Map<String, String> headers) {
        try {
            JsonWebSignature jws = new JsonWebSignature();
            jws.setPayload(claims.toJson());
            jws.setAlgorithmHeaderValue(alg);
            headers.forEach(jws::setHeader);
            jws.setKey(key);
            jws.setDoKeyValidation(false); // lets tests forge tokens jose4j would refuse to make
            return jws.getCompactSerialization();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String sign(JwtClaims claims, String alg, Key key) {
        return sign(claims, alg, key, Map.of());
    }

    /** A compact JWS with arbitrary header/payload JSON and a junk signature, built by hand. */
    static String raw(String headerJson, String payloadJson, String signature) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return b64.encodeToString(headerJson.getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(payloadJson.getBytes(StandardCharsets.UTF_8)) + "." + signature;
    }

    /** HS256 over hand-written JSON, for payloads jose4j's serialiser cannot produce (duplicates, layout). */
    static String hmacSigned(String headerJson, String payloadJson, Key key) {
        String input = raw(headerJson, payloadJson, "");
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(key.getEncoded(), "HmacSHA256"));
            byte[] sig = mac.doFinal(input.substring(0, input.length() - 1).getBytes(StandardCharsets.US_ASCII));
            return input + Base64.getUrlEncoder().withoutPadding().encodeToString(sig);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static JwtClaims claims(String sub) {
        JwtClaims c = new JwtClaims();
        c.setSubject(sub);
        return c;
    }

    static <T> T ok(CompletionStage<T> stage) {
        try {
            return stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("expected success, got " + e.getCause(), e);
        }
    }

    /** @return the failure, asserting it is an unwrapped {@link TokenException} */
    static TokenException failure(CompletionStage<?> stage) {
        CompletableFuture<Throwable> error = stage.toCompletableFuture().handle((v, e) -> e);
        Throwable t;
        try {
            t = error.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        if (!(t instanceof TokenException te)) {
            throw new AssertionError("expected TokenException, got " + t);
        }
        return te;
    }

    static TokenException.Reason reason(CompletionStage<?> stage) {
        return failure(stage).reason();
    }
}
