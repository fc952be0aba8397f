package io.pulsegate.admin;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class SignInThrottleTest {

    private final AtomicLong now = new AtomicLong(1_000_000);
    private final SignInThrottle throttle = new SignInThrottle(now::get);

    @Test
    void aSourceIsRefusedAfterTooManyFailuresUntilItsWindowEnds() {
        for (int i = 0; i < SignInThrottle.MAX_FAILURES; i++) {
            assertTrue(throttle.allowed("10.0.0.1"), "attempt " + i);
            throttle.failed("10.0.0.1");
        }
        assertFalse(throttle.allowed("10.0.0.1"));
        assertTrue(throttle.allowed("10.0.0.2"), "other sources are unaffected");
        now.addAndGet(SignInThrottle.WINDOW_MS);
        assertTrue(throttle.allowed("10.0.0.1"));
    }

    @Test
    void aSuccessForgetsEarlierFailures() {
        for (int i = 0; i < SignInThrottle.MAX_FAILURES - 1; i++) {
            throttle.failed("10.0.0.1");
        }
        throttle.succeeded("10.0.0.1");
        throttle.failed("10.0.0.1");
        assertTrue(throttle.allowed("10.0.0.1"));
    }

    @Test
    void whenTheTableIsFullNewSourcesAreRefused() {
        for (int i = 0; i < SignInThrottle.MAX_SOURCES; i++) {
            throttle.failed("s" + i);
        }
        assertFalse(throttle.allowed("fresh"));
        now.addAndGet(SignInThrottle.WINDOW_MS);
        throttle.failed("fresh");
        assertTrue(throttle.allowed("another"), "expired windows were swept");
    }
}
