package io.pulsegate.trace;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;

/**
 * The span exporter of every {@code @QuarkusTest}: Quarkus's {@code cdi} exporter setting picks up this bean, so the
 * tests read the spans the gateway finished. Spans exist only where a test profile enables the SDK.
 */
public class InMemorySpans {

    @Produces
    @Singleton
    InMemorySpanExporter exporter() {
        return InMemorySpanExporter.create();
    }
}
