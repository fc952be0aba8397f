package io.pulsegate.client;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Per-connection outbound queue, bounded in bytes. Producers (the session, and hub fan-out from any thread) offer
 * already-encoded items; a single flush task on the connection's thread joins everything queued into one transport
 * message. Bytes count against the limit from the moment they are queued until the socket accepted them, so a client
 * that stops reading fills the budget and is disconnected instead of growing the heap.
 *
 * <p>
 * Concurrency: all fields are guarded by {@code this}; the lock is a leaf (nothing is called while it is held except
 * {@link Transport#execute}, which only enqueues a task).
 */
final class OutboundQueue {

    /** Listener of delivery latency for publication items. */
    interface LatencyRecorder {
        void record(long nanos);
    }

    private record Item(byte[] bytes, long enqueuedNanos) {}

    private static final int MAX_BATCH_BYTES = 64 * 1024;

    private final Transport transport;
    private final long maxBytes;
    private final LatencyRecorder latency;
    private final ArrayDeque<Item> items = new ArrayDeque<>();
    private long pendingBytes;
    private boolean flushScheduled;
    private boolean closed;
    private int closeCode;
    private String closeReason;

    OutboundQueue(Transport transport, long maxBytes, LatencyRecorder latency) {
        this.transport = transport;
        this.maxBytes = maxBytes;
        this.latency = latency;
    }

    /**
     * Queues one item. May be called from any thread; never blocks.
     *
     * @param publishedNanos {@link System#nanoTime()} when the publication reached this node, or 0 for other items
     * @return false when the queue is closed or the byte budget is exhausted (the caller disconnects the client)
     */
    synchronized boolean offer(byte[] bytes, long publishedNanos) {
        if (closed || closeReason != null) {
            return false;
        }
        if (pendingBytes + bytes.length > maxBytes) {
            return false;
        }
        items.add(new Item(bytes, publishedNanos));
        pendingBytes += bytes.length;
        scheduleFlush();
        return true;
    }

    /** Closes the transport with {@code code} once everything queued so far was written. Any thread. */
    synchronized void closeAfterFlush(int code, String reason) {
        if (closed || closeReason != null) {
            return;
        }
        closeCode = code;
        closeReason = reason;
        scheduleFlush();
    }

    /** Drops everything; the transport is already gone. Any thread. */
    synchronized void abandon() {
        closed = true;
        items.clear();
    }

    private void scheduleFlush() {
        if (!flushScheduled) {
            flushScheduled = true;
            transport.execute(this::flush);
        }
    }

    /** Runs on the connection's thread. */
    private void flush() {
        List<Item> batch;
        boolean closeNow;
        synchronized (this) {
            flushScheduled = false;
            if (closed) {
                return;
            }
            batch = drainBatch();
            closeNow = items.isEmpty() && closeReason != null;
            if (!items.isEmpty()) {
                scheduleFlush();
            }
            if (closeNow) {
                closed = true;
            }
        }
        if (!batch.isEmpty()) {
            write(batch);
        }
        if (closeNow) {
            transport.close(closeCode, closeReason);
        }
    }

    private List<Item> drainBatch() {
        List<Item> batch = new ArrayList<>();
        int bytes = 0;
        while (!items.isEmpty() && (batch.isEmpty() || bytes + items.peek().bytes.length <= MAX_BATCH_BYTES)) {
            Item item = items.poll();
            bytes += item.bytes.length;
            batch.add(item);
        }
        return batch;
    }

    private void write(List<Item> batch) {
        List<byte[]> parts = new ArrayList<>(batch.size());
        long size = 0;
        for (Item item : batch) {
            parts.add(item.bytes);
            size += item.bytes.length;
        }
        byte[] message = parts.size() == 1 ? parts.get(0) : transport.codec().join(parts);
        long written = size;
        transport.write(message, success -> {
            long now = System.nanoTime();
            synchronized (this) {
                pendingBytes -= written;
            }
            if (success) {
                for (Item item : batch) {
                    if (item.enqueuedNanos != 0) {
                        latency.record(now - item.enqueuedNanos);
                    }
                }
            }
        });
    }
}
