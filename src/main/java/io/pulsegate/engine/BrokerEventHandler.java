package io.pulsegate.engine;

import io.pulsegate.protocol.ClientInfo;
import io.pulsegate.protocol.Publication;

/** Receives what a {@link Broker} delivers to this node. Implementations must not block. */
public interface BrokerEventHandler {

    /**
     * A publication reached this node.
     *
     * @param epoch the channel stream's epoch, or {@code null} when the channel keeps no history
     * @param delta the publisher marked it for delta delivery ({@link PublishOptions#delta()})
     */
    void onPublication(String channel, Publication publication, String epoch, boolean delta);

    /** A client joined the channel somewhere in the cluster. */
    void onJoin(String channel, ClientInfo info);

    /** A client left the channel somewhere in the cluster. */
    void onLeave(String channel, ClientInfo info);

    /**
     * Publications of the channel may have been lost between the last one delivered and now (pub/sub outage that
     * could not be replayed from the stream). Positioned subscribers must resynchronise.
     */
    default void onGap(String channel) {
    }

    /** A control message from some node (see {@link Broker#publishControl(byte[])}). */
    default void onControl(byte[] message) {
    }
}
