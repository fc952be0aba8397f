package io.pulsegate.admin;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signed, expiring admin session tokens (the cookie value) and their CSRF tokens. A token is
 * {@code base64url(id:expiresAt:base64url(subject)) "." base64url(HMAC-SHA256(payload))}; the CSRF token is an HMAC of
 * the session id, so neither needs server-side storage. Stateless and thread-safe.
 */
final class SessionCodec {

    /** A verified session: random id (the revocation handle), who signed in, expiry in epoch seconds. */
    record Session(String id, String subject, long expiresAt) {}

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;
    private final Clock clock;

    SessionCodec(byte[] key, Clock clock) {
        this.key = new SecretKeySpec(key, "HmacSHA256");
        this.clock = clock;
    }

    /** A fresh session for {@code subject}, valid {@code ttl} from now. */
    Session open(String subject, Duration ttl) {
        byte[] id = new byte[16];
        RANDOM.nextBytes(id);
        return new Session(HexFormat.of().formatHex(id), subject, clock.instant().plus(ttl).getEpochSecond());
    }

    /** @return the cookie value of {@code session} */
    String encode(Session session) {
        String payload = session.id() + ':' + session.expiresAt() + ':' + B64.encodeToString(session.subject()
                .getBytes(StandardCharsets.UTF_8));
        byte[] bytes = payload.getBytes(StandardCharsets.UTF_8);
        return B64.encodeToString(bytes) + '.' + B64.encodeToString(mac(bytes));
    }

    /** @return the session of a well-signed, unexpired token; empty for anything else */
    Optional<Session> decode(String token) {
        try {
            int dot = token.indexOf('.');
            if (dot < 0) {
                return Optional.empty();
            }
            byte[] payload = B64D.decode(token.substring(0, dot));
            if (!MessageDigest.isEqual(mac(payload), B64D.decode(token.substring(dot + 1)))) {
                return Optional.empty();
            }
            String[] parts = new String(payload, StandardCharsets.UTF_8).split(":", -1);
            Session session = new Session(parts[0], new String(B64D.decode(parts[2]), StandardCharsets.UTF_8),
                    Long.parseLong(parts[1]));
            return session.expiresAt() > clock.instant().getEpochSecond() ? Optional.of(session) : Optional.empty();
        } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
            return Optional.empty();
        }
    }

    /** @return the CSRF token that mutating requests of {@code session} carry in {@code X-CSRF-Token} */
    String csrf(Session session) {
        return B64.encodeToString(mac(("csrf:" + session.id()).getBytes(StandardCharsets.UTF_8)));
    }

    /** Constant-time check of a presented CSRF token ({@code null}: refused). */
    boolean csrfMatches(Session session, String presented) {
        return presented != null && MessageDigest.isEqual(csrf(session).getBytes(StandardCharsets.UTF_8), presented
                .getBytes(StandardCharsets.UTF_8));
    }

    private byte[] mac(byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
