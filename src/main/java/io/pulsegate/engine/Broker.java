package io.pulsegate.engine;

import io.pulsegate.protocol.ClientInfo;
import io.pulsegate.protocol.Publication;
import io.pulsegate.protocol.StreamPosition;
import io.smallrye.mutiny.Uni;

/**
 * Moves publications between nodes and keeps each channel's history stream. One broker per node; it delivers every
 * publication, join and leave of the channels this node subscribed to through the {@link BrokerEventHandler}.
 *
 * <p>
 * Ordering contract: for one channel, the handler sees publications in offset order. Implementations may call the
 * handler on any thread; the handler must not block. Methods must not block the caller.
 */
public interface Broker {

    /** Installs the single receiver of deliveries. Must be called before the first {@link #subscribe(String)}. */
    void setEventHandler(BrokerEventHandler handler);

    /**
     * Publishes into a channel. When {@code options} keep history, the publication is appended to the channel's stream
     * atomically with its delivery, and the result holds its position; otherwise the result is {@code null}. With an
     * idempotency key ({@link PublishOptions#idempotent()}) a publish repeated within the key's TTL is neither kept
     * nor delivered again and answers the first one's result; the check and the publish are one atomic step.
     */
    Uni<StreamPosition> publish(String channel, Publication publication, PublishOptions options);

    /** Announces that a client joined the channel. */
    Uni<Void> publishJoin(String channel, ClientInfo info);

    /** Announces that a client left the channel. */
    Uni<Void> publishLeave(String channel, ClientInfo info);

    /**
     * Starts delivering the channel to this node. Idempotent. The returned {@code Uni} completes once deliveries are
     * active: every publication made after that is delivered.
     */
    Uni<Void> subscribe(String channel);

    /** Stops delivering the channel to this node. Idempotent. */
    Uni<Void> unsubscribe(String channel);

    /**
     * Reads a channel's history. With {@code query.limit() == 0} only the current position is returned. A stream that
     * never existed (or expired) gets a fresh epoch, so a client's old position never matches it. Fails with
     * {@link UnrecoverablePositionException} when {@code query.since()} is not in the stream (other epoch, beyond the
     * top, or followed by publications already trimmed or expired).
     */
    Uni<HistoryResult> history(String channel, HistoryQuery query);

    /** Drops a channel's history; the position (offset and epoch) is kept. */
    Uni<Void> removeHistory(String channel);

    /**
     * Sends a node-to-node control message to every node (this one included), delivered through
     * {@link BrokerEventHandler#onControl(byte[])}. Used for server API operations on users connected anywhere.
     */
    Uni<Void> publishControl(byte[] message);
}
