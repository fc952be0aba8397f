package io.pulsegate.auth;

import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses configured public keys (SPKI {@code PUBLIC KEY} or X.509 {@code CERTIFICATE} PEM). */
final class PemKeys {

    /** RFC 7518 §3.3 and jose4j both require RSA keys of at least 2048 bits. */
    static final int MIN_RSA_BITS = 2048;

    private static final Pattern PEM = Pattern.compile(
            "-----BEGIN (PUBLIC KEY|CERTIFICATE)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");

    private PemKeys() {
    }

    static RSAPublicKey rsa(String pem) {
        if (parse(pem, "RSA") instanceof RSAPublicKey key) {
            if (key.getModulus().bitLength() < MIN_RSA_BITS) {
                throw new IllegalArgumentException("RSA public key must have at least " + MIN_RSA_BITS + " bits");
            }
            return key;
        }
        throw new IllegalArgumentException("RSA public key PEM does not hold an RSA key");
    }

    static ECPublicKey ec(String pem) {
        if (parse(pem, "EC") instanceof ECPublicKey key) {
            if (PinnedKey.esAlgorithmFor(key) == null) {
                throw new IllegalArgumentException("ECDSA public key must be on P-256, P-384 or P-521");
            }
            return key;
        }
        throw new IllegalArgumentException("ECDSA public key PEM does not hold an EC key");
    }

    private static PublicKey parse(String pem, String algorithm) {
        Matcher m = PEM.matcher(pem.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException(algorithm + " public key is not a PUBLIC KEY or CERTIFICATE PEM block");
        }
        try {
            byte[] der = Base64.getMimeDecoder().decode(m.group(2));
            if (m.group(1).equals("CERTIFICATE")) {
                return CertificateFactory.getInstance("X.509")
                        .generateCertificate(new ByteArrayInputStream(der)).getPublicKey();
            }
            return KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(der));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException(algorithm + " public key PEM could not be parsed", e);
        }
    }
}
