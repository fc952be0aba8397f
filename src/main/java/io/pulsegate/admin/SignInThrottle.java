package io.pulsegate.admin;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Bounds password and token guessing: a source address that failed {@link #MAX_FAILURES} sign-ins within
 * {@link #WINDOW_MS} is refused (429) until its window ends. At most {@link #MAX_SOURCES} addresses are tracked; when
 * full, further failing addresses are treated as over the limit (a flood of addresses cannot reset the count).
 * Thread-safe; never blocks.
 */
final class SignInThrottle {

    static final int MAX_FAILURES = 5;
    static final long WINDOW_MS = 60_000;
    static final int MAX_SOURCES = 10_000;

    private record Window(long startMillis, int failures) {}

    private final Map<String, Window> failures = new ConcurrentHashMap<>();
    private final LongSupplier clock;

    SignInThrottle(LongSupplier clockMillis) {
        this.clock = clockMillis;
    }

    /** @return whether {@code source} may try to sign in now */
    boolean allowed(String source) {
        Window w = failures.get(source);
        if (w == null) {
            return failures.size() < MAX_SOURCES;
        }
        if (clock.getAsLong() - w.startMillis >= WINDOW_MS) {
            failures.remove(source, w);
            return true;
        }
        return w.failures < MAX_FAILURES;
    }

    /** Counts a refused sign-in of {@code source}. */
    void failed(String source) {
        long now = clock.getAsLong();
        if (failures.size() >= MAX_SOURCES) {
            failures.values().removeIf(w -> now - w.startMillis >= WINDOW_MS);
        }
        failures.compute(source, (k, w) -> w == null || now - w.startMillis >= WINDOW_MS
                ? new Window(now, 1)
                : new Window(w.startMillis, w.failures + 1));
    }

    /** Forgets the failures of {@code source} after a successful sign-in. */
    void succeeded(String source) {
        failures.remove(source);
    }
}
