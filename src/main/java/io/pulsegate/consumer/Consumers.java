package io.pulsegate.consumer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.pulsegate.config.ConsumerConfig;
import io.pulsegate.config.PulsegateConfig;
import io.pulsegate.trace.Tracing;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;

/**
 * Starts the enabled consumers once the node runs (so commands find the engine) and stops them before the engine
 * closes. A consumer whose options do not fit its type fails the startup with a message naming it.
 */
@ApplicationScoped
public class Consumers {

    private static final Logger LOG = Logger.getLogger(Consumers.class);

    /** Everything a consumer implementation gets. */
    public record Context(String name, ConsumerConfig config, RecordProcessor processor, ConsumerMetrics metrics,
            Vertx vertx) {}

    @Inject
    PulsegateConfig config;
    @Inject
    CommandSink sink;
    @Inject
    MeterRegistry registry;
    @Inject
    Vertx vertx;
    @Inject
    Tracing tracing;

    private final List<Consumer> running = new ArrayList<>();

    void start(@Observes @Priority(Interceptor.Priority.APPLICATION + 600) StartupEvent event) {
        for (Map.Entry<String, ConsumerConfig> e : config.consumers().entrySet()) {
            if (!e.getValue().enabled()) {
                continue;
            }
            RecordProcessor processor = new RecordProcessor(sink, tracing.tracer(), e.getKey());
            Context ctx = new Context(e.getKey(), e.getValue(), processor, new ConsumerMetrics(registry,
                    e.getKey()), vertx);
            Consumer consumer = create(ctx);
            consumer.start();
            running.add(consumer);
            LOG.infof("consumer started name=%s type=%s", e.getKey(), e.getValue().type());
        }
    }

    void stop(@Observes @Priority(Interceptor.Priority.APPLICATION + 400) ShutdownEvent event) {
        for (Consumer consumer : running) {
            consumer.stop().await().atMost(java.time.Duration.ofSeconds(10));
        }
        running.clear();
    }

    private static Consumer create(Context ctx) {
        return switch (ctx.config().type()) {
            case POSTGRESQL -> new PostgresOutboxConsumer(ctx);
            case KAFKA -> new KafkaRecordConsumer(ctx);
            case REDIS_STREAM -> new RedisStreamConsumer(ctx);
            case NATS -> new NatsJetStreamConsumer(ctx);
        };
    }

    /** @return the running consumers whose health counts for readiness and cannot reach their source */
    public List<String> disconnected() {
        List<String> down = new ArrayList<>();
        for (Consumer c : running) {
            if (config.consumers().get(c.name()).affectsReadiness() && !c.connected()) {
                down.add(c.name());
            }
        }
        return down;
    }

    /** @return the running consumers */
    public List<Consumer> running() {
        return List.copyOf(running);
    }
}
