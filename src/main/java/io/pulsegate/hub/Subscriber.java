package io.pulsegate.hub;

import io.pulsegate.protocol.DisconnectCode;
import io.pulsegate.protocol.ProtocolCodec;

/** A local receiver of channel traffic: one client connection. Methods are called from any thread; must not block. */
public interface Subscriber {

    /** @return the codec whose encoding this subscriber receives */
    ProtocolCodec codec();

    /** A publication, already encoded for {@link #codec()}. */
    void onPublication(Delivery delivery);

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
