package io.pulsegate.trace;

import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.opentelemetry.api.trace.Tracer;

/**
 * The tracer of Pulsegate's own spans: Quarkus's when {@code quarkus.otel.sdk.disabled=false}, else
 * {@link Traces#NOOP}. With the SDK disabled Quarkus's tracer still hands out span contexts with ids; the no-op one
 * costs nothing and makes sure no id reaches a log line or a backend.
 */
@Singleton
public class Tracing {

    private final Tracer tracer;

    @Inject
    Tracing(@ConfigProperty(name = "quarkus.otel.sdk.disabled", defaultValue = "false") boolean disabled,
            Instance<Tracer> quarkus) {
        this.tracer = disabled ? Traces.NOOP : quarkus.get();
    }

    /** @return the tracer to start Pulsegate's spans with */
    public Tracer tracer() {
        return tracer;
    }
}
