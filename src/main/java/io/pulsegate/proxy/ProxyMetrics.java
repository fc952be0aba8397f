package io.pulsegate.proxy;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Meters of the backend proxies: {@code pulsegate_proxy_calls_seconds{proxy,event,outcome}} (a latency histogram per
 * outcome: allowed, refused, disconnected, unavailable), {@code pulsegate_proxy_errors_total{proxy,event,kind}} and
 * {@code pulsegate_proxy_in_flight{proxy}}. Meters are cached; recording is a map lookup. Thread-safe.
 */
final class ProxyMetrics {

    private final MeterRegistry registry;
    private final ConcurrentMap<String, Timer> timers = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Counter> errors = new ConcurrentHashMap<>();

    ProxyMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Registers the in-flight gauge of one proxy. */
    void inFlight(String proxy, AtomicInteger value) {
        registry.gauge("pulsegate_proxy_in_flight", io.micrometer.core.instrument.Tags.of("proxy", proxy), value);
    }

    void call(String proxy, ProxyEvent event, String outcome, long nanos) {
        timers.computeIfAbsent(proxy + '|' + event.label() + '|' + outcome, k -> Timer
                .builder("pulsegate_proxy_calls")
                .description("Backend proxy calls by proxy, event and outcome, with their latency")
                .tags("proxy", proxy, "event", event.label(), "outcome", outcome)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(100_000))
                .maximumExpectedValue(Duration.ofSeconds(10))
                .register(registry)).record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    void error(String proxy, ProxyEvent event, String kind) {
        errors.computeIfAbsent(proxy + '|' + event.label() + '|' + kind, k -> Counter
                .builder("pulsegate_proxy_errors_total")
                .description("Backend proxy calls without a usable answer, by failure kind")
                .tags("proxy", proxy, "event", event.label(), "kind", kind)
                .register(registry)).increment();
    }
}
