package io.pulsegate.client;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.pulsegate.auth.ChannelOptions;
import io.pulsegate.hub.Delivery;

/**
 * Per-connection outbound queue, bounded in bytes. Producers (the session, and hub fan-out from any thread) offer
 * already-encoded replies and pushes, or publication {@link Delivery deliveries}; a single flush task on the
 * connection's thread joins everything queued into one transport message. Bytes count against the limit from the
 * moment they are queued until the socket accepted them, so a client that stops reading fills the budget and is
 * disconnected instead of growing the heap.
 *
 * <p>
 * A publication's bytes are chosen when it is written, not when it is queued: a delta subscriber gets the patch only
 * if the publication the patch was computed against is the last one this connection wrote for the channel. That keeps
 * the delta chain exact when the batching window below skips publications.
 *
 * <p>
 * Publications of a namespace with a batching window wait up to its delay (or until its maximum count waits), so that
 * several channels' messages leave in one write; with flush-latest a newer publication of a channel replaces the one
 * still waiting. Anything else queued flushes at once and takes the waiting publications along. With a minimum write
 * interval, a publication that comes sooner than that after the last write of publications waits like a batched one
 * for the rest of the interval.
 *
 * <p>
 * Concurrency: all fields are guarded by {@code this}; the lock is a leaf (nothing is called while it is held except
 * {@link Transport#execute} and {@link Scheduler#schedule}, which only enqueue a task). Delta chains are read and
 * written only by the flush task.
 */
final class OutboundQueue {

    /** Listener of delivery latency for publication items. */
    interface LatencyRecorder {
        void record(long nanos);
    }

    /** The last link of a subscription's delta chain that was written; confined to the flush task. */
    static final class DeltaChain {
        private Object last;

        byte[] next(Delivery delivery) {
            byte[] frame = delivery.frameAfter(last);
            last = delivery.patch().self();
            return frame;
        }
    }

    /** One queued item: encoded bytes, or a publication whose bytes are chosen at write time. */
    private static final class Item {
        final byte[] bytes;
        Delivery delivery;
        final DeltaChain chain;
        final boolean delayed;

        Item(byte[] bytes, Delivery delivery, DeltaChain chain, boolean delayed) {
            this.bytes = bytes;
            this.delivery = delivery;
            this.chain = chain;
            this.delayed = delayed;
        }

        int size() {
            return delivery == null ? bytes.length : delivery.frame().length;
        }

        long enqueuedNanos() {
            return delivery == null ? 0 : delivery.receivedNanos();
        }

        byte[] resolve() {
            if (delivery == null) {
                return bytes;
            }
            return chain == null || delivery.patch() == null ? delivery.frame() : chain.next(delivery);
        }
    }

    private static final int MAX_BATCH_BYTES = 64 * 1024;

    private final Transport transport;
    private final Scheduler scheduler;
    private final long maxBytes;
    private final long minWriteIntervalNanos;
    private final LatencyRecorder latency;
    private final ArrayDeque<Item> items = new ArrayDeque<>();
    private final Map<String, Item> latest = new HashMap<>();
    private long pendingBytes;
    private int delayedCount;
    private boolean flushScheduled;
    private long timerDeadline;
    /** When publications were last taken for a write; meaningful only once {@link #publicationsWritten}. */
    private long lastPublicationWrite;
    private boolean publicationsWritten;
    /**
     * Set once a delta publication was queued: from then on every item leaves as its own transport message.
     * centrifuge-js (up to 5.8) can dispatch the replies of a multi-item message interleaved with the next message when
     * both arrive in one socket read; a delta chain does not survive reordering, so connections with a delta
     * subscription give up joining items (they still leave in one flush).
     */
    private boolean separate;
    private boolean closed;
    private int closeCode;
    private String closeReason;

    /** @param minWriteIntervalNanos least time between two writes of publications, 0 for none */
    OutboundQueue(Transport transport, Scheduler scheduler, long maxBytes, long minWriteIntervalNanos,
            LatencyRecorder latency) {
        this.transport = transport;
        this.scheduler = scheduler;
        this.maxBytes = maxBytes;
        this.minWriteIntervalNanos = minWriteIntervalNanos;
        this.latency = latency;
    }

    /**
     * Queues one encoded reply or push for immediate delivery. May be called from any thread; never blocks.
     *
     * @return false when the queue is closed or the byte budget is exhausted (the caller disconnects the client)
     */
    synchronized boolean offer(byte[] bytes) {
        return add(new Item(bytes, null, null, false)) && scheduleFlush();
    }

    /**
     * Queues one publication. May be called from any thread; never blocks.
     *
     * @param chain the subscription's delta chain, {@code null} for a subscription without deltas
     * @param batch the namespace's batching window
     * @return false when the queue is closed or the byte budget is exhausted (the caller disconnects the client)
     */
    synchronized boolean offer(Delivery delivery, DeltaChain chain, ChannelOptions.Batch batch) {
        if (chain != null) {
            separate = true; // see separate
        }
        if (!batch.delayed()) {
            long wait = paceNanos();
            if (wait <= 0) {
                return add(new Item(null, delivery, chain, false)) && scheduleFlush();
            }
            return delay(new Item(null, delivery, chain, true), wait);
        }
        if (batch.flushLatest() && replaceWaiting(delivery)) {
            return true;
        }
        Item item = new Item(null, delivery, chain, true);
        if (!add(item)) {
            return false;
        }
        delayedCount++;
        if (batch.flushLatest()) {
            latest.put(delivery.channel(), item);
        }
        if (batch.maxSize() > 0 && delayedCount >= batch.maxSize()) {
            return scheduleFlush();
        }
        armTimer(Math.max(batch.maxDelayNanos(), paceNanos()));
        return true;
    }

    /** Queues a publication that waits {@code delayNanos} (or until something else flushes). Lock held. */
    private boolean delay(Item item, long delayNanos) {
        if (!add(item)) {
            return false;
        }
        delayedCount++;
        armTimer(delayNanos);
        return true;
    }

    /** How long a publication must wait for the minimum write interval; 0 or less when it may leave now. */
    private long paceNanos() {
        if (minWriteIntervalNanos == 0 || !publicationsWritten) {
            return 0;
        }
        return minWriteIntervalNanos - (scheduler.nanoTime() - lastPublicationWrite);
    }

    /** Flush-latest: the waiting publication of the channel gives way to the newer one. */
    private boolean replaceWaiting(Delivery delivery) {
        Item waiting = latest.get(delivery.channel());
        if (waiting == null) {
            return false;
        }
        long grown = delivery.frame().length - waiting.size();
        if (closed || closeReason != null || pendingBytes + grown > maxBytes) {
            return false;
        }
        pendingBytes += grown;
        waiting.delivery = delivery;
        return true;
    }

    private boolean add(Item item) {
        if (closed || closeReason != null || pendingBytes + item.size() > maxBytes) {
            return false;
        }
        items.add(item);
        pendingBytes += item.size();
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
        latest.clear();
    }

    private boolean scheduleFlush() {
        if (!flushScheduled) {
            flushScheduled = true;
            transport.execute(this::flush);
        }
        return true;
    }

    /** Starts the batching timer unless one that fires earlier is running (or a flush is due anyway). */
    private void armTimer(long delayNanos) {
        long deadline = scheduler.nanoTime() + delayNanos;
        if (flushScheduled || (timerDeadline != 0 && timerDeadline - deadline <= 0)) {
            return;
        }
        timerDeadline = deadline;
        scheduler.schedule(Math.max(1, delayNanos / 1_000_000), this::timerFired);
    }

    private synchronized void timerFired() {
        timerDeadline = 0;
        if (delayedCount > 0) {
            scheduleFlush();
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

    /** Lock held. */
    private List<Item> drainBatch() {
        List<Item> batch = new ArrayList<>();
        int bytes = 0;
        while (!items.isEmpty() && (batch.isEmpty() || bytes + items.peek().size() <= MAX_BATCH_BYTES)) {
            Item item = items.poll();
            bytes += item.size();
            batch.add(item);
            if (item.delivery != null) {
                lastPublicationWrite = scheduler.nanoTime();
                publicationsWritten = true;
            }
            if (item.delayed) {
                delayedCount--;
                latest.remove(item.delivery.channel(), item);
            }
        }
        return batch;
    }

    private void write(List<Item> batch) {
        boolean split;
        synchronized (this) {
            split = separate;
        }
        if (split || batch.size() == 1) {
            for (Item item : batch) {
                write(item.resolve(), item.size(), List.of(item));
            }
            return;
        }
        List<byte[]> parts = new ArrayList<>(batch.size());
        long size = 0;
        for (Item item : batch) {
            parts.add(item.resolve());
            size += item.size();
        }
        write(transport.codec().join(parts), size, batch);
    }

    /** Writes one transport message; {@code reserved} bytes of the budget are released once the socket took it. */
    private void write(byte[] message, long reserved, List<Item> items) {
        transport.write(message, success -> {
            long now = System.nanoTime();
            synchronized (this) {
                pendingBytes -= reserved;
            }
            if (success) {
                for (Item item : items) {
                    if (item.enqueuedNanos() != 0) {
                        latency.record(now - item.enqueuedNanos());
                    }
                }
            }
        });
    }
}
