package io.pulsegate.consumer;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

/**
 * Meters of one consumer: {@code pulsegate_consumer_records_total{consumer,outcome}} (applied, malformed, retry),
 * {@code pulsegate_consumer_lag{consumer}} where the source exposes it (records not yet consumed), and
 * {@code pulsegate_consumer_up{consumer}} (1 while the source is reachable). Thread-safe.
 */
public final class ConsumerMetrics {

    private final MeterRegistry registry;
    private final String consumer;
    private final ConcurrentMap<RecordProcessor.Outcome, Counter> records = new ConcurrentHashMap<>();
    private final AtomicLong lag = new AtomicLong();
    private final AtomicLong up = new AtomicLong();

    public ConsumerMetrics(MeterRegistry registry, String consumer) {
        this.registry = registry;
        this.consumer = consumer;
        registry.gauge("pulsegate_consumer_lag", Tags.of("consumer", consumer), lag);
        registry.gauge("pulsegate_consumer_up", Tags.of("consumer", consumer), up);
    }

    public void record(RecordProcessor.Outcome outcome) {
        records.computeIfAbsent(outcome, o -> Counter.builder("pulsegate_consumer_records")
                .description("Consumed records by consumer and outcome").tags("consumer", consumer, "outcome",
                        o.name().toLowerCase(java.util.Locale.ROOT))
                .register(registry)).increment();
    }

    /** Records the source holds that this consumer has not consumed yet, where the source tells. */
    public void lag(long value) {
        lag.set(Math.max(0, value));
    }

    public void up(boolean value) {
        up.set(value ? 1 : 0);
    }

    /** @return how many records ended with {@code outcome} (tests and the admin view) */
    public double count(RecordProcessor.Outcome outcome) {
        Counter c = records.get(outcome);
        return c == null ? 0 : c.count();
    }
}
