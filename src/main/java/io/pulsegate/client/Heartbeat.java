package io.pulsegate.client;

import java.util.concurrent.ThreadLocalRandom;

import io.pulsegate.protocol.DisconnectCode;
import io.pulsegate.protocol.Reply;

/**
 * Liveness of one session: the stale timer until {@code connect} (3502), then server pings ({@code {}}, the first
 * jittered) and, on bidirectional transports, the pong deadline (3012 when the client stayed silent after a ping).
 * Any inbound message counts as a pong. Runs on the connection's thread; {@link #seen} is called on it too.
 */
final class Heartbeat {

    private final ClientSession session;
    private volatile long lastSeenNanos = System.nanoTime();
    private long staleTimer = -1;
    private long pingTimer = -1;

    Heartbeat(ClientSession session) {
        this.session = session;
    }

    /** A connection that does not send {@code connect} in time is closed with 3502. */
    void start() {
        staleTimer = session.schedule(session.config.staleCloseDelay().toMillis(), () -> {
            if (session.state() instanceof SessionState.Connecting) {
                session.disconnect(DisconnectCode.STALE);
            }
        });
    }

    /** The client sent something. */
    void seen() {
        lastSeenNanos = System.nanoTime();
    }

    /** Connect succeeded: the stale timer gives way to pings. */
    void connected() {
        session.cancel(staleTimer);
        schedulePing(true);
    }

    void stop() {
        session.cancel(staleTimer);
        session.cancel(pingTimer);
    }

    private void schedulePing(boolean first) {
        long interval = session.config.pingInterval().toMillis();
        if (interval <= 0) {
            return;
        }
        long delay = first ? interval / 2 + ThreadLocalRandom.current().nextLong(interval / 2 + 1) : interval;
        pingTimer = session.schedule(delay, this::ping);
    }

    private void ping() {
        if (!session.state().isActive()) {
            return;
        }
        long sentAt = System.nanoTime();
        session.enqueueReply(Reply.PING);
        long timeout = session.config.pongTimeout().toMillis();
        if (session.transport.bidirectional() && timeout > 0) {
            session.schedule(timeout, () -> {
                if (session.state().isActive() && lastSeenNanos < sentAt) {
                    session.disconnect(DisconnectCode.NO_PONG);
                }
            });
        }
        schedulePing(false);
    }
}
