package io.pulsegate.transport.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzzes the {@code /api/channels} pattern. Property: {@link ChannelGlob} agrees with a straightforward dynamic
 * programming matcher on every pattern and name, in time bounded by their product (Jazzer fails a slow input).
 */
class ChannelGlobFuzzTest {

    @FuzzTest
    void agreesWithTheReference(FuzzedDataProvider data) {
        String pattern = data.consumeString(64);
        String name = data.consumeRemainingAsString();
        assertEquals(reference(pattern, name), new ChannelGlob(pattern).matches(name), pattern + " ~ " + name);
    }

    /** {@code match[i][j]}: the first {@code i} code points of the pattern match the first {@code j} of the name. */
    static boolean reference(String pattern, String name) {
        int[] p = pattern.codePoints().toArray();
        int[] s = name.codePoints().toArray();
        boolean[][] match = new boolean[p.length + 1][s.length + 1];
        match[0][0] = true;
        for (int i = 1; i <= p.length; i++) {
            for (int j = 0; j <= s.length; j++) {
                if (p[i - 1] == '*') {
                    match[i][j] = match[i - 1][j] || j > 0 && match[i][j - 1];
                } else {
                    match[i][j] = j > 0 && match[i - 1][j - 1] && (p[i - 1] == '?' || p[i - 1] == s[j - 1]);
                }
            }
        }
        return match[p.length][s.length];
    }
}
