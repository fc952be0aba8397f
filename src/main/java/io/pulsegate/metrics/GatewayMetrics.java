package io.pulsegate.metrics;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import jakarta.inject.Singleton;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Pulsegate's Prometheus meters ({@code /q/metrics}). Meters are created once and cached, so recording on the hot path
 * is a map lookup and an atomic add. Thread-safe; never blocks.
 *
 * <p>
 * A {@code @Singleton}, not {@code @ApplicationScoped}: every delivery calls it, and a normal-scoped bean is reached
 * through a client proxy that looks the instance up on each call. The per-message counters are {@link LongAdder}s
 * read by {@link FunctionCounter}s, so the hot path is one striped add and no meter lookup.
 */
@Singleton
public class GatewayMetrics {

    private final MeterRegistry registry;
    private final AtomicLong connections = new AtomicLong();
    private final AtomicLong subscriptions = new AtomicLong();
    private final ConcurrentMap<String, Counter> counters = new ConcurrentHashMap<>();
    private final LongAdder messagesIn = new LongAdder();
    private final LongAdder messagesOut = new LongAdder();
    private final LongAdder bytesIn = new LongAdder();
    private final LongAdder bytesOut = new LongAdder();
    private final Counter queueFull;
    private final Timer deliveryLatency;

    public GatewayMetrics(MeterRegistry registry) {
        this.registry = registry;
        registry.gauge("pulsegate_connections", connections);
        registry.gauge("pulsegate_subscriptions", subscriptions);
        adder(registry, "pulsegate_messages_received_total", messagesIn);
        adder(registry, "pulsegate_messages_sent_total", messagesOut);
        adder(registry, "pulsegate_transport_bytes_received_total", bytesIn);
        adder(registry, "pulsegate_transport_bytes_sent_total", bytesOut);
        queueFull = registry.counter("pulsegate_queue_full_disconnects_total");
        deliveryLatency = Timer.builder("pulsegate_publication_delivery_latency")
                .description("Time from a publication reaching this node to its bytes being written to a client")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(50_000))
                .maximumExpectedValue(Duration.ofSeconds(5))
                .register(registry);
    }

    public void connectionOpened() {
        connections.incrementAndGet();
    }

    /** One connection accepted, by wire format ({@code json}, {@code protobuf}). */
    public void connectionFormat(String format) {
        counter("pulsegate_connections_opened_total", "format", format).increment();
    }

    public void connectionClosed() {
        connections.decrementAndGet();
    }

    public void subscriptionAdded() {
        subscriptions.incrementAndGet();
    }

    public void subscriptionRemoved() {
        subscriptions.decrementAndGet();
    }

    /** One command of a given method (connect, subscribe, …). */
    public void command(String method) {
        counter("pulsegate_commands_total", "method", method).increment();
    }

    /** One error reply with a protocol error code. */
    public void error(int code) {
        counter("pulsegate_errors_total", "code", Integer.toString(code)).increment();
    }

    /** One connection closed by the server with a disconnect code. */
    public void disconnect(int code) {
        counter("pulsegate_disconnects_total", "code", Integer.toString(code)).increment();
    }

    /** One request refused by a limit (connection, channel, rate, …). */
    public void limitHit(String limit) {
        counter("pulsegate_limit_rejections_total", "limit", limit).increment();
    }

    /** One transport message received. */
    public void received(int bytes) {
        messagesIn.increment();
        bytesIn.add(bytes);
    }

    /** One transport message written. */
    public void sent(int bytes) {
        messagesOut.increment();
        bytesOut.add(bytes);
    }

    public void queueFull() {
        queueFull.increment();
    }

    public void deliveryLatency(long nanos) {
        deliveryLatency.record(nanos, TimeUnit.NANOSECONDS);
    }

    private static void adder(MeterRegistry registry, String name, LongAdder adder) {
        FunctionCounter.builder(name, adder, LongAdder::doubleValue).register(registry);
    }

    private Counter counter(String name, String tag, String value) {
        return counters.computeIfAbsent(name + '|' + value, k -> registry.counter(name, tag, value));
    }
}
