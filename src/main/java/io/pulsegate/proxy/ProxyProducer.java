package io.pulsegate.proxy;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.micrometer.core.instrument.MeterRegistry;
import io.pulsegate.config.PulsegateConfig;
import io.pulsegate.protocol.json.JsonCodec;
import io.pulsegate.trace.Tracing;
import io.vertx.core.Vertx;

/** Makes the node's {@link Proxies} injectable; built from {@code pulsegate.proxies.*} at first use. */
@ApplicationScoped
public class ProxyProducer {

    @Produces
    @Singleton
    Proxies proxies(PulsegateConfig config, Vertx vertx, MeterRegistry registry, JsonCodec json, Tracing tracing) {
        return config.proxies().isEmpty()
                ? Proxies.NONE
                : Proxies.create(config, vertx, registry, json,
                        tracing.tracer());
    }

    void close(@Disposes Proxies proxies) {
        proxies.close();
    }
}
