package io.pulsegate.auth;

import static org.jose4j.jws.AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256;
import static org.jose4j.jws.AlgorithmIdentifiers.ECDSA_USING_P384_CURVE_AND_SHA384;
import static org.jose4j.jws.AlgorithmIdentifiers.ECDSA_USING_P521_CURVE_AND_SHA512;
import static org.jose4j.jws.AlgorithmIdentifiers.EDDSA;
import static org.jose4j.jws.AlgorithmIdentifiers.HMAC_SHA256;
import static org.jose4j.jws.AlgorithmIdentifiers.HMAC_SHA384;
import static org.jose4j.jws.AlgorithmIdentifiers.HMAC_SHA512;
import static org.jose4j.jws.AlgorithmIdentifiers.RSA_USING_SHA256;
import static org.jose4j.jws.AlgorithmIdentifiers.RSA_USING_SHA384;
import static org.jose4j.jws.AlgorithmIdentifiers.RSA_USING_SHA512;

import java.nio.charset.StandardCharsets;
import java.security.Key;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

import org.jose4j.jwk.EllipticCurveJsonWebKey;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.OctetKeyPairJsonWebKey;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.keys.EllipticCurves;
import org.jose4j.keys.HmacKey;

/**
 * A verification key together with the only algorithms it may be used with (RFC 8725 §3.1). The
 * header {@code alg} merely selects among these; it can never widen them, which is what makes
 * {@code none} and HS/RS key confusion impossible.
 */
record PinnedKey(Key key, Set<String> algorithms) {

    static final Set<String> RS = Set.of(RSA_USING_SHA256, RSA_USING_SHA384, RSA_USING_SHA512);

    PinnedKey {
        algorithms = Set.copyOf(algorithms);
    }

    boolean permits(String alg) {
        return algorithms.contains(alg);
    }

    /** HS384/HS512 only when the secret is as long as their hash output (RFC 7518 §3.2). */
    static PinnedKey hmac(String secret) {
        byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
        Set<String> algs = new LinkedHashSet<>();
        algs.add(HMAC_SHA256);
        if (bytes.length >= 48) {
            algs.add(HMAC_SHA384);
        }
        if (bytes.length >= 64) {
            algs.add(HMAC_SHA512);
        }
        return new PinnedKey(new HmacKey(bytes), algs);
    }

    static PinnedKey rsa(RSAPublicKey key) {
        return new PinnedKey(key, RS);
    }

    /** An EC key verifies exactly one algorithm: the one defined for its curve (RFC 7518 §3.4). */
    static PinnedKey ec(ECPublicKey key) {
        return new PinnedKey(key, Set.of(esAlgorithmFor(key)));
    }

    static String esAlgorithmFor(ECPublicKey key) {
        String curve = EllipticCurves.getName(key.getParams().getCurve());
        if (curve == null) {
            return null;
        }
        return switch (curve) {
            case EllipticCurves.P_256 -> ECDSA_USING_P256_CURVE_AND_SHA256;
            case EllipticCurves.P_384 -> ECDSA_USING_P384_CURVE_AND_SHA384;
            case EllipticCurves.P_521 -> ECDSA_USING_P521_CURVE_AND_SHA512;
            default -> null;
        };
    }

    /**
     * Pins a key from a JWKS. Symmetric keys, encryption keys and keys whose {@code alg} lies outside
     * their type's family are dropped: a public endpoint is no place for an HMAC secret.
     */
    static Optional<PinnedKey> fromJwk(JsonWebKey jwk) {
        if (jwk.getUse() != null && !"sig".equals(jwk.getUse())) {
            return Optional.empty();
        }
        Set<String> family = family(jwk);
        String declared = jwk.getAlgorithm();
        if (family.isEmpty() || declared != null && !family.contains(declared)) {
            return Optional.empty();
        }
        return Optional.of(new PinnedKey(jwk.getKey(), declared == null ? family : Set.of(declared)));
    }

    private static Set<String> family(JsonWebKey jwk) {
        if (jwk instanceof RsaJsonWebKey) {
            return RS;
        }
        if (jwk instanceof EllipticCurveJsonWebKey ec) {
            String alg = esAlgorithmFor(ec.getECPublicKey());
            return alg == null ? Set.of() : Set.of(alg);
        }
        if (jwk instanceof OctetKeyPairJsonWebKey okp && isSigningCurve(okp.getSubtype())) {
            return Set.of(EDDSA);
        }
        return Set.of();
    }

    private static boolean isSigningCurve(String subtype) {
        return OctetKeyPairJsonWebKey.SUBTYPE_ED25519.equals(subtype)
                || OctetKeyPairJsonWebKey.SUBTYPE_ED448.equals(subtype);
    }
}
