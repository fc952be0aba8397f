package io.pulsegate.protocol;

import java.util.List;
import java.util.Map;

/** The result bodies of successful replies, one record per protocol method. */
public sealed interface Result {

    /**
     * {@code connect} result.
     *
     * @param ping ping interval in seconds, 0 for none
     * @param pong whether the client must answer pings
     * @param session session id (unidirectional and emulation transports only)
     * @param node node id (emulation transports only)
     */
    record Connect(String client, String version, boolean expires, long ttl, byte[] data,
            Map<String, Subscribe> subs, long ping, boolean pong, String session, String node) implements Result {}

    /**
     * {@code subscribe} result.
     *
     * @param delta the client's delta request was accepted: publications may carry deltas
     * @param publishDebounceMillis the SDK should debounce the client's publications into this channel
     */
    record Subscribe(boolean expires, long ttl, boolean recoverable, String epoch, List<Publication> publications,
            boolean recovered, long offset, boolean positioned, byte[] data, boolean wasRecovering, boolean delta,
            long publishDebounceMillis) implements Result {

        /** A result without delta and publish debounce. */
        public Subscribe(boolean expires, long ttl, boolean recoverable, String epoch, List<Publication> publications,
                boolean recovered, long offset, boolean positioned, byte[] data, boolean wasRecovering) {
            this(expires, ttl, recoverable, epoch, publications, recovered, offset, positioned, data, wasRecovering,
                    false, 0);
        }
    }

    /**
     * {@code subscribe} result of a map subscription (type 1): one page of its state or stream, or the live join.
     *
     * @param phase the phase of this reply ({@link Request.Subscribe.Page#LIVE}: the subscription is now live)
     * @param cursor the next state page's cursor, {@code ""} on the last
     * @param state state entries (publications with {@code key})
     * @param epoch the epoch of the map's position
     * @param offset state pages: the position the pagination is frozen at; stream pages: the offset of the last
     *        change returned; live: the last offset delivered
     * @param publications stream changes (a stream page or the catch-up of the live join)
     * @param recoverable live: the map keeps a stream, the client may recover after a reconnect
     * @param recovered live: a recovering client got everything it missed
     * @param data the subscribe data of a token or proxy (first reply)
     */
    record MapSubscribe(int phase, String cursor, List<Publication> state, String epoch, long offset,
            List<Publication> publications, boolean recoverable, boolean recovered, boolean wasRecovering, byte[] data,
            boolean delta, long publishDebounceMillis) implements Result {

        /** {@code SubscribeResult.type} of every map subscription. */
        public static final int TYPE = 1;
    }

    /** {@code unsubscribe} result: always empty. */
    record Unsubscribe() implements Result {}

    /** {@code publish} result: always empty for clients. */
    record Publish() implements Result {}

    /** {@code presence} result: client id to client info. */
    record Presence(Map<String, ClientInfo> presence) implements Result {}

    /** {@code presence_stats} result. */
    record PresenceStats(long numClients, long numUsers) implements Result {}

    /** {@code history} result. */
    record History(List<Publication> publications, String epoch, long offset) implements Result {}

    /** {@code rpc} result. */
    record Rpc(byte[] data) implements Result {}

    /** {@code refresh} result. */
    record Refresh(String client, String version, boolean expires, long ttl) implements Result {}

    /** {@code sub_refresh} result. */
    record SubRefresh(boolean expires, long ttl) implements Result {}
}
