package io.pulsegate.hub;

import io.pulsegate.protocol.DisconnectCode;
import io.pulsegate.protocol.ProtocolCodec;

/** A local receiver of channel traffic: one client connection. Methods are called from any thread; must not block. */
public interface Subscriber {

    /** @return the codec whose encoding this subscriber receives */
    ProtocolCodec codec();

    /**
     * A publication, already encoded for {@link #codec()}.
     *
     * @param offset stream offset, 0 without history
     * @param epoch stream epoch, {@code null} without history
     * @param receivedNanos {@link System#nanoTime()} when the publication reached this node
     */
    void onPublication(String channel, byte[] frame, long offset, String epoch, long receivedNanos);

    /** A join or leave push, already encoded; the subscriber decides whether it wants it. */
    void onJoinLeave(String channel, byte[] frame);

    /**
     * Publications of the channel may have been lost on this node and cannot be replayed; a subscriber that tracks
     * positions must resynchronise (the client recovers from the stream or learns {@code recovered:false}).
     */
    void onGap(String channel);

    /** The subscriber cannot be served (e.g. binary data for a JSON client) and must be disconnected. */
    void disconnect(DisconnectCode code);
}
