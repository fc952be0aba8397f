package io.pulsegate.engine;

import java.security.SecureRandom;

/**
 * Generates stream epochs: random 8-letter [a-zA-Z] strings, like Centrifugo. Thread-safe.
 *
 * <p>
 * Create instances at runtime (never in a static initializer): a {@link SecureRandom} seeded while building a native
 * image would give every process the same epochs.
 */
public final class Epochs {

    /** Length of an epoch, as in current Centrifugo versions. */
    public static final int LENGTH = 8;

    private static final String LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

    private final SecureRandom random;

    /** Uses a fresh {@link SecureRandom}. */
    public Epochs() {
        this(new SecureRandom());
    }

    /** @param random source of randomness; tests may pass a seeded one */
    public Epochs(SecureRandom random) {
        this.random = random;
    }

    /** @return a new random epoch */
    public String next() {
        char[] chars = new char[LENGTH];
        for (int i = 0; i < LENGTH; i++) {
            chars[i] = LETTERS.charAt(random.nextInt(LETTERS.length()));
        }
        return new String(chars);
    }
}
