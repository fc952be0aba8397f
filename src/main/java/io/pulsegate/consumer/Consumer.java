package io.pulsegate.consumer;

import io.smallrye.mutiny.Uni;

/**
 * One running source of records. Implementations read in order (per partition, stream or key), hand each record to
 * {@link RecordProcessor} and acknowledge it only after it was applied; they bound what is in flight to one batch,
 * pause while the engine is unavailable and never crash-loop on a bad record.
 */
public interface Consumer {

    /** @return the configured name ({@code pulsegate.consumers.<name>}) */
    String name();

    /** Starts consuming; returns at once. */
    void start();

    /** Stops consuming: no new reads; completes once the batch in flight was applied or abandoned unacknowledged. */
    Uni<Void> stop();

    /** @return whether the source is reachable right now */
    boolean connected();
}
