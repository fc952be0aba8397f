package io.pulsegate.transport.api;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class ChannelGlobTest {

    @Test
    void starsQuestionMarksAndLiterals() {
        assertTrue(new ChannelGlob("chat:*").matches("chat:room"));
        assertTrue(new ChannelGlob("chat:*").matches("chat:"));
        assertFalse(new ChannelGlob("chat:*").matches("news:room"));
        assertTrue(new ChannelGlob("a?c").matches("abc"));
        assertTrue(new ChannelGlob("a?c").matches("a\uD83D\uDE00c")); // one code point
        assertFalse(new ChannelGlob("a?c").matches("ac"));
        assertTrue(new ChannelGlob("*.[x]+(y)").matches("a.[x]+(y)")); // regex metacharacters are literals
        assertTrue(new ChannelGlob("a*b*c").matches("a\nb\nc")); // '*' spans line breaks too
        assertFalse(new ChannelGlob("a*b").matches("a"));
    }

    /** The regex translation backtracked polynomially: {@code .*a.*a…b} over a run of 'a's did not finish (ReDoS). */
    @Test
    void aPathologicalPatternIsLinearInPractice() {
        String pattern = "*a".repeat(16) + "b";
        String name = "a".repeat(5_000);
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> assertFalse(new ChannelGlob(pattern).matches(name)));
    }
}
