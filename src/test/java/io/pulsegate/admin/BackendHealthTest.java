package io.pulsegate.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

class BackendHealthTest {

    @Test
    void proxiesAndConsumersAreReadFromTheirMeters() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Timer.builder("pulsegate_proxy_calls").tags("proxy", "auth", "event", "connect", "outcome", "allowed")
                .register(registry).record(5, TimeUnit.MILLISECONDS);
        Timer allowedSub = Timer.builder("pulsegate_proxy_calls").tags("proxy", "auth", "event", "subscribe",
                "outcome", "allowed").register(registry);
        allowedSub.record(1, TimeUnit.MILLISECONDS);
        allowedSub.record(1, TimeUnit.MILLISECONDS);
        Timer.builder("pulsegate_proxy_calls").tags("proxy", "auth", "event", "connect", "outcome", "unavailable")
                .register(registry).record(1, TimeUnit.SECONDS);
        registry.counter("pulsegate_proxy_errors_total", "proxy", "auth", "event", "connect", "kind", "timeout")
                .increment();
        registry.gauge("pulsegate_proxy_in_flight", Tags.of("proxy", "auth"), new AtomicInteger(2));
        registry.gauge("pulsegate_consumer_up", Tags.of("consumer", "orders"), new AtomicLong(1));
        registry.gauge("pulsegate_consumer_lag", Tags.of("consumer", "orders"), new AtomicLong(7));
        registry.counter("pulsegate_consumer_records", "consumer", "orders", "outcome", "applied").increment(3);
        registry.gauge("pulsegate_consumer_up", Tags.of("consumer", "audit"), new AtomicLong(0));

        assertEquals(
                "{\"proxies\":{\"auth\":{\"calls\":{\"allowed\":3,\"unavailable\":1},\"errors\":1,\"inFlight\":2}},"
                        + "\"consumers\":{\"audit\":{\"up\":false,\"lag\":0,\"records\":{}},"
                        + "\"orders\":{\"up\":true,\"lag\":7,\"records\":{\"applied\":3}}}}",
                new String(new BackendHealth(registry).toJson(), StandardCharsets.UTF_8));
    }

    @Test
    void withoutBackendsBothListsAreEmpty() {
        assertEquals("{\"proxies\":{},\"consumers\":{}}", new String(new BackendHealth(new SimpleMeterRegistry())
                .toJson(), StandardCharsets.UTF_8));
    }
}
