package io.pulsegate.admin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.HmacKey;

import io.pulsegate.config.AdminConfig;

/**
 * Who may use the admin UI: sign-in by password (constant-time comparison) or by an HS256 admin JWT with
 * {@code "admin":true}, {@code sub} and {@code exp} signed with {@code pulsegate.admin.secret}; sessions as signed
 * cookies ({@link SessionCodec}); sign-out revokes a session id until its expiry. Thread-safe.
 */
final class AdminAuth {

    /** Shorter secrets are refused for admin JWTs (as for connection tokens). */
    static final int MIN_SECRET_BYTES = 32;

    private final AdminConfig config;
    private final Clock clock;
    private final SessionCodec codec;
    private final JwtConsumer jwt;
    private final Map<String, Long> revoked = new ConcurrentHashMap<>();

    AdminAuth(AdminConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
        byte[] secret = config.secret().map(s -> s.getBytes(StandardCharsets.UTF_8))
                .filter(b -> b.length >= MIN_SECRET_BYTES).orElse(null);
        this.codec = new SessionCodec(secret != null ? secret : randomKey(), clock);
        this.jwt = secret == null
                ? null
                : new JwtConsumerBuilder().setRequireExpirationTime().setRequireSubject()
                        .setVerificationKey(new HmacKey(secret)).setAllowedClockSkewInSeconds(30)
                        .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT,
                                AlgorithmIdentifiers.HMAC_SHA256)
                        .build();
    }

    /** @return whether sign-in can succeed at all (a password, or a usable secret for JWTs) */
    boolean canSignIn() {
        return config.password().filter(p -> !p.isEmpty()).isPresent() || jwt != null;
    }

    /** @return the admin's name when {@code password} is the configured one; constant time in its content */
    Optional<String> byPassword(String password) {
        Optional<String> expected = config.password().filter(p -> !p.isEmpty());
        if (expected.isEmpty() || password == null) {
            return Optional.empty();
        }
        boolean equal = MessageDigest.isEqual(expected.get().getBytes(StandardCharsets.UTF_8),
                password.getBytes(StandardCharsets.UTF_8));
        return equal ? Optional.of("admin") : Optional.empty();
    }

    /** @return the JWT's subject when it is a valid admin JWT */
    Optional<String> byToken(String token) {
        if (jwt == null || token == null) {
            return Optional.empty();
        }
        try {
            JwtClaims claims = jwt.processToClaims(token);
            return Boolean.TRUE.equals(claims.getClaimValue("admin"))
                    ? Optional.of(claims.getSubject())
                    : Optional.empty();
        } catch (InvalidJwtException | MalformedClaimException e) {
            return Optional.empty();
        }
    }

    /** A new session for {@code subject}. */
    SessionCodec.Session open(String subject) {
        return codec.open(subject, config.sessionTtl());
    }

    /** @return the session of a cookie value: signed, unexpired and not signed out */
    Optional<SessionCodec.Session> verify(String cookie) {
        if (cookie == null) {
            return Optional.empty();
        }
        return codec.decode(cookie).filter(s -> !revoked.containsKey(s.id()));
    }

    /** Signs a session out: its cookie is refused from now on (until it would have expired anyway). */
    void revoke(SessionCodec.Session session) {
        revoke(session.id(), session.expiresAt());
    }

    /** Revokes a session id until {@code expiresAt} (epoch seconds), e.g. a sign-out on another node. */
    void revoke(String sessionId, long expiresAt) {
        long now = clock.instant().getEpochSecond();
        revoked.values().removeIf(expiry -> expiry <= now);
        if (expiresAt > now) {
            revoked.put(sessionId, expiresAt);
        }
    }

    SessionCodec codec() {
        return codec;
    }

    Duration ttl() {
        return config.sessionTtl();
    }

    private static byte[] randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return key;
    }
}
