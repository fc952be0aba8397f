package io.pulsegate.consumer;

import java.time.Duration;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;

/**
 * Applies records for a consumer that runs on its own thread with a blocking client (Kafka, NATS): each command runs
 * on one Vert.x context of the consumer, as an HTTP API call would, and only the consumer thread waits for it, so no
 * event loop is ever blocked and the records of the thread are applied one by one, in order.
 */
final class BlockingProcessor {

    /** Bounds the wait for one record's command; a command that takes longer is retried. */
    private static final Duration PROCESS_TIMEOUT = Duration.ofSeconds(30);

    private final Consumers.Context ctx;
    private final Context context;

    /** Call on the consumer's own thread or at start: the context is created once, on an event loop. */
    BlockingProcessor(Consumers.Context ctx) {
        this.ctx = ctx;
        this.context = ctx.vertx().getOrCreateContext();
    }

    /** Applies one record, waits for the outcome and counts it; never throws. */
    RecordProcessor.Result apply(String method, byte[] body) {
        RecordProcessor.Result result;
        try {
            result = Uni.createFrom().<RecordProcessor.Result>emitter(em -> context.runOnContext(v -> ctx
                    .processor().process(method, body).subscribe().with(em::complete, em::fail)))
                    .await().atMost(PROCESS_TIMEOUT);
        } catch (RuntimeException e) {
            result = new RecordProcessor.Result(RecordProcessor.Outcome.RETRY, "command failed: " + e);
        }
        ctx.metrics().record(result.outcome());
        return result;
    }
}
