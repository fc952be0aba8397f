package io.pulsegate.transport;

import java.util.ArrayDeque;
import java.util.function.Function;

import io.pulsegate.client.Transport;
import io.smallrye.mutiny.Uni;

/**
 * Inbound messages of one connection that arrive from anywhere (other requests, other nodes) and must reach the
 * session one at a time, each after the previous one was handled, on the connection's thread. Bounded: beyond
 * {@code capacity} waiting messages {@code overflow} runs instead (the caller disconnects a client that floods).
 */
public final class SerialInbox {

    private final java.util.concurrent.Executor transport;
    private final int capacity;
    private final ArrayDeque<byte[]> waiting = new ArrayDeque<>();
    private Function<byte[], Uni<Void>> handler;
    private Runnable overflow;
    private boolean busy;
    private boolean closed;

    public SerialInbox(Transport transport, int capacity) {
        this(transport::execute, capacity);
    }

    /** @param thread runs tasks on the connection's thread, in order */
    public SerialInbox(java.util.concurrent.Executor thread, int capacity) {
        this.transport = thread;
        this.capacity = capacity;
    }

    /** Sets who handles messages and what happens on overflow; messages queued before wait for it. Any thread. */
    public void handleWith(Function<byte[], Uni<Void>> handler, Runnable overflow) {
        transport.execute(() -> {
            this.handler = handler;
            this.overflow = overflow;
            if (!busy) {
                next();
            }
        });
    }

    /** Queues a message (any thread). */
    public void add(byte[] message) {
        transport.execute(() -> {
            if (closed) {
                return;
            }
            if (waiting.size() >= capacity) {
                if (overflow != null) {
                    overflow.run();
                }
                return;
            }
            waiting.add(message);
            if (!busy) {
                next();
            }
        });
    }

    /** Drops what waits and everything that comes later. Connection thread. */
    public void close() {
        closed = true;
        waiting.clear();
    }

    private void next() {
        byte[] message = handler == null || closed ? null : waiting.poll();
        if (message == null) {
            busy = false;
            return;
        }
        busy = true;
        handler.apply(message).subscribe().with(v -> transport.execute(this::next),
                f -> transport.execute(this::next));
    }
}
