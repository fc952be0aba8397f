package io.pulsegate.auth;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.keys.HmacKey;
import org.jose4j.lang.JoseException;

/**
 * Mints HS256 tokens for development and tests. Not for production issuance: real tokens come from
 * the application backend.
 *
 * <pre>
 * java -cp target/classes:&lt;jose4j.jar&gt;:&lt;slf4j-api.jar&gt; io.pulsegate.auth.DevTokens \
 *     --secret "$SECRET" --user alice [--ttl 3600] [--channel news]
 * </pre>
 *
 * With {@code --channel} a subscription token is printed, otherwise a connection token.
 * {@code --ttl 0} omits {@code exp} (a token that never expires).
 */
public final class DevTokens {

    private DevTokens() {
    }

    /**
     * @param secret HMAC secret, at least {@value TokenSettings#MIN_HMAC_SECRET_BYTES} bytes
     * @param user {@code sub}; {@code ""} for anonymous
     * @param ttl lifetime; {@code null} or zero for no {@code exp}
     * @return a signed connection token
     */
    public static String connectionToken(String secret, String user, Duration ttl) {
        return hs256(secret, claims(user, ttl));
    }

    /**
     * @param channel the channel the token grants
     * @return a signed subscription token; other parameters as in {@link #connectionToken}
     */
    public static String subscriptionToken(String secret, String user, String channel, Duration ttl) {
        JwtClaims claims = claims(user, ttl);
        claims.setStringClaim("channel", channel);
        return hs256(secret, claims);
    }

    /** Signs arbitrary claims with HS256; the building block for tests with extra claims. */
    public static String hs256(String secret, JwtClaims claims) {
        TokenSettings.requireStrongSecret(secret);
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.HMAC_SHA256);
        jws.setHeader("typ", "JWT");
        jws.setKey(new HmacKey(secret.getBytes(StandardCharsets.UTF_8)));
        try {
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException("HS256 signing failed", e);
        }
    }

    private static JwtClaims claims(String user, Duration ttl) {
        JwtClaims claims = new JwtClaims();
        claims.setSubject(user);
        NumericDate now = NumericDate.now();
        claims.setIssuedAt(now);
        if (ttl != null && !ttl.isZero()) {
            claims.setExpirationTime(NumericDate.fromSeconds(now.getValue() + ttl.toSeconds()));
        }
        return claims;
    }

    /** Command-line entry point; prints the token on stdout, errors on stderr. */
    public static void main(String[] args) {
        Map<String, String> opts = new HashMap<>();
        for (int i = 0; i + 1 < args.length && args[i].startsWith("--"); i += 2) {
            opts.put(args[i].substring(2), args[i + 1]);
        }
        if (args.length % 2 != 0 || !opts.containsKey("secret") || !opts.containsKey("user")) {
            System.err.println("usage: DevTokens --secret S --user U [--ttl SECONDS] [--channel C]");
            System.exit(2);
        }
        try {
            Duration ttl = Duration.ofSeconds(Long.parseLong(opts.getOrDefault("ttl", "3600")));
            String channel = opts.get("channel");
            System.out.println(channel == null
                    ? connectionToken(opts.get("secret"), opts.get("user"), ttl)
                    : subscriptionToken(opts.get("secret"), opts.get("user"), channel, ttl));
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(2);
        }
    }
}
