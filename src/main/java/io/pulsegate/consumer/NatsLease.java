package io.pulsegate.consumer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.KeyValue;
import io.nats.client.KeyValueManagement;
import io.nats.client.api.KeyValueConfiguration;
import io.nats.client.api.KeyValueEntry;
import io.nats.client.api.StorageType;

/**
 * Who reads one durable JetStream consumer right now, so that records stay in order across gateway nodes (JetStream
 * before 2.11 has no pinned client): a key in a NATS key-value bucket whose age limit is the lease time. The holder
 * renews it every round with a compare-and-set on its revision; when the holder dies the entry ages out and the next
 * {@link #tryAcquire()} of another node creates it. Not thread-safe: one consumer thread uses it.
 */
final class NatsLease {

    /** JetStream API error: wrong last sequence (the key exists, or was renewed by someone else). */
    private static final int WRONG_LAST_SEQUENCE = 10071;
    /** JetStream API error: stream (bucket) not found. */
    private static final int STREAM_NOT_FOUND = 10059;

    private final String bucket;
    private final String key;
    private final byte[] holder;
    private final Duration ttl;
    private KeyValue kv;
    private long revision;

    /**
     * @param stream the JetStream stream
     * @param durable the durable consumer name
     * @param holder this node's id, stored as the value (for operators)
     * @param ttl how long a lease lives without renewal: how long a dead holder delays the takeover
     */
    NatsLease(String stream, String durable, String holder, Duration ttl) {
        this.bucket = "pulsegate_lease_" + sanitize(stream) + "_" + sanitize(durable);
        this.key = "holder";
        this.holder = holder.getBytes(StandardCharsets.UTF_8);
        this.ttl = ttl;
    }

    private static String sanitize(String name) {
        return name.replaceAll("[^A-Za-z0-9_-]", "_");
    }

    /** Binds to a (new) connection, creating the bucket when it does not exist; forgets a lease held before. */
    void bind(Connection connection) throws IOException, JetStreamApiException {
        KeyValueManagement kvm = connection.keyValueManagement();
        try {
            kvm.getStatus(bucket);
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() != STREAM_NOT_FOUND) {
                throw e;
            }
            kvm.create(KeyValueConfiguration.builder().name(bucket).maxHistoryPerKey(1).ttl(ttl)
                    .storageType(StorageType.File).build());
        }
        kv = connection.keyValue(bucket);
        revision = 0;
    }

    /** @return whether this node holds the lease now (acquired or renewed) */
    boolean tryAcquire() throws IOException, JetStreamApiException {
        try {
            revision = revision == 0 ? kv.create(key, holder) : kv.update(key, holder, revision);
            return true;
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() != WRONG_LAST_SEQUENCE) {
                throw e;
            }
            KeyValueEntry entry = kv.get(key);
            if (entry != null && Arrays.equals(entry.getValue(), holder)) {
                revision = kv.update(key, holder, entry.getRevision()); // ours, from before a rebind
                return true;
            }
            revision = 0; // another node holds it (or took it over after ours aged out)
            return false;
        }
    }

    /** @return whether this node held the lease at its last {@link #tryAcquire()} */
    boolean held() {
        return revision != 0;
    }

    /** Gives the lease up (a clean stop) so another node takes over at once; best effort. */
    void release() {
        if (revision == 0 || kv == null) {
            return;
        }
        try {
            kv.delete(key, revision);
        } catch (IOException | JetStreamApiException | RuntimeException e) {
            // it ages out instead
        }
        revision = 0;
    }
}
