package io.pulsegate.transport;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;

import org.jboss.logging.Logger;

/**
 * Logs at most one line per reason per interval, with the count of suppressed events, so a flood of rejected
 * handshakes costs one log line, not one per request. Thread-safe.
 */
public final class SampledLog {

    private final Logger log;
    private final long intervalNanos;
    private final ConcurrentMap<String, AtomicLong> lastLogged = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, AtomicLong> suppressed = new ConcurrentHashMap<>();

    public SampledLog(Logger log, long intervalMillis) {
        this.log = log;
        this.intervalNanos = intervalMillis * 1_000_000;
    }

    /** Logs {@code message} at INFO unless a line for {@code reason} was logged within the interval. */
    public void info(String reason, String message) {
        long now = System.nanoTime();
        AtomicLong last = lastLogged.computeIfAbsent(reason, r -> new AtomicLong(now - intervalNanos - 1));
        AtomicLong skipped = suppressed.computeIfAbsent(reason, r -> new AtomicLong());
        long previous = last.get();
        if (now - previous > intervalNanos && last.compareAndSet(previous, now)) {
            long count = skipped.getAndSet(0);
            log.infof("%s reason=%s suppressed=%d", message, reason, count);
        } else {
            skipped.incrementAndGet();
        }
    }
}
