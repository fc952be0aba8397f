package io.pulsegate.auth;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;

/** Key pairs generated once per JVM (RSA generation is slow) and PEM encoding for settings. */
final class TestKeys {

    static final KeyPair RSA = generate("RSA", null);
    static final KeyPair P256 = generate("EC", "secp256r1");
    static final KeyPair P384 = generate("EC", "secp384r1");
    static final KeyPair P521 = generate("EC", "secp521r1");
    static final KeyPair ED25519 = generate("Ed25519", null);

    private TestKeys() {
    }

    static KeyPair rsa() {
        return generate("RSA", null);
    }

    static String pem(PublicKey key) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(key.getEncoded());
        return "-----BEGIN PUBLIC KEY-----\n" + body + "\n-----END PUBLIC KEY-----\n";
    }

    private static KeyPair generate(String algorithm, String curve) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance(algorithm);
            if (curve != null) {
                g.initialize(new ECGenParameterSpec(curve));
            } else if (algorithm.equals("RSA")) {
                g.initialize(2048);
            }
            return g.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
