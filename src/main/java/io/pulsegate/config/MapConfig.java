package io.pulsegate.config;

import java.time.Duration;

import io.smallrye.config.WithDefault;

/** Options of a map namespace ({@code subscription-type=map}); Centrifugo's {@code map.*}. */
public interface MapConfig {

    /**
     * {@code ephemeral}: no change stream, keys expire after {@code key-ttl}, every resubscribe reads the whole state;
     * {@code recoverable}: a change stream lets a reconnecting client catch up, keys expire; {@code persistent}: a
     * change stream, keys never expire.
     */
    @WithDefault("recoverable")
    Mode mode();

    /** How long a key lives after its last write; required (> 0) for the ephemeral and recoverable modes. */
    @WithDefault("0s")
    Duration keyTtl();

    /** Changes kept in the channel's stream for catch-up (recoverable and persistent modes). */
    @WithDefault("100")
    int streamSize();

    /** How long the change stream lives after its last change. */
    @WithDefault("1m")
    Duration streamTtl();

    /** Most keys one map channel holds; a write of a new key beyond it is refused (error 106). 0: no limit. */
    @WithDefault("10000")
    int maxKeys();

    /** Most payload bytes of one value; a larger write is refused (error 107). 0: no limit. */
    @WithDefault("65536")
    int maxValueSize();

    /** State and stream page size when the client asks for none. */
    @WithDefault("100")
    int defaultPageSize();

    /** Smallest page a client gets, whatever it asks for. */
    @WithDefault("100")
    int minPageSize();

    /** Largest page a client gets, whatever it asks for. */
    @WithDefault("1000")
    int maxPageSize();

    /**
     * How long a subscriber may page through the state and the stream before it must be live; a page after that ends
     * the connection (3008, the client reconnects and starts again).
     */
    @WithDefault("30s")
    Duration catchUpTimeout();

    /**
     * Replaces the key of a client's map write: {@code none} keeps the client's key, {@code client-id} uses the
     * connection's id, {@code user-id} the user's (anonymous connections are then refused).
     */
    @WithDefault("none")
    ClientKey clientKey();

    /** Map modes. */
    enum Mode {
        /** No stream; keys expire. */
        EPHEMERAL,
        /** Stream; keys expire. */
        RECOVERABLE,
        /** Stream; keys never expire. */
        PERSISTENT
    }

    /** Key replacement of client writes. */
    enum ClientKey {
        /** The client's own key. */
        NONE,
        /** The connection id. */
        CLIENT_ID,
        /** The user id. */
        USER_ID
    }
}
