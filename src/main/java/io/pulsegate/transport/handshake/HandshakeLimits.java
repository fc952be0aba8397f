package io.pulsegate.transport.handshake;

import io.pulsegate.metrics.GatewayMetrics;

/**
 * What every {@link HeaderDeadline} shares: the deadline, the pending-handshake counts and where rejections are
 * counted.
 */
record HandshakeLimits(long headerTimeoutMillis, PendingHandshakes pending, GatewayMetrics metrics) {

    /** Counter tag of a connection closed because its headers missed the deadline. */
    static final String HEADER_TIMEOUT = "handshake_header_timeout";
    /** Counter tag of a connection closed at accept because its address had too many pending handshakes. */
    static final String PENDING_PER_ADDRESS = "handshake_pending_per_address";
}
