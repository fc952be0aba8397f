package io.pulsegate.consumer;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.pulsegate.transport.SampledLog;
import io.smallrye.mutiny.Uni;

/**
 * The life of a consumer whose blocking client is owned by one dedicated thread (Kafka, NATS): started once, asked to
 * stop from any thread, pausing between attempts in a way a stop cuts short, and reporting whether the source answers
 * ({@code pulsegate_consumer_up}, readiness). When the thread's body ends, however it ends, the consumer is down and
 * {@link #stop()} completes.
 */
final class ConsumerThread {

    private final Consumers.Context ctx;
    private final SampledLog log;
    private final CountDownLatch stopSignal = new CountDownLatch(1);
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private volatile boolean running;
    private volatile boolean connected;
    private Thread thread;

    ConsumerThread(Consumers.Context ctx, SampledLog log) {
        this.ctx = ctx;
        this.log = log;
    }

    /** Runs {@code body} on a daemon thread {@code pulsegate-<kind>-<consumer>}; it loops while {@link #running()}. */
    synchronized void start(String kind, Runnable body) {
        running = true;
        thread = new Thread(() -> {
            try {
                body.run();
            } finally {
                connected = false;
                ctx.metrics().up(false);
                done.complete(null);
            }
        }, "pulsegate-" + kind + "-" + ctx.name());
        thread.setDaemon(true);
        thread.start();
    }

    /** Asks the body to end (a {@link #pause} returns at once); completes once it has. */
    synchronized Uni<Void> stop() {
        running = false;
        stopSignal.countDown();
        if (thread == null) {
            return Uni.createFrom().voidItem();
        }
        return Uni.createFrom().completionStage(done);
    }

    boolean running() {
        return running;
    }

    boolean connected() {
        return connected;
    }

    /** The source answered. */
    void up() {
        if (!connected) {
            connected = true;
            ctx.metrics().up(true);
        }
    }

    /** The source failed: down, with one sampled log line per {@code reason}. */
    void down(String reason, String what, Exception e) {
        connected = false;
        ctx.metrics().up(false);
        log.info(reason, "consumer " + ctx.name() + ": " + what + ": " + e.getMessage());
    }

    /** Waits {@code duration} or until stopped. */
    void pause(Duration duration) {
        try {
            stopSignal.await(duration.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            interrupted();
        }
    }

    /** The consumer thread was interrupted: it keeps the flag and ends. */
    void interrupted() {
        Thread.currentThread().interrupt();
        running = false;
    }
}
