package io.pulsegate.transport.websocket.wire;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.pulsegate.protocol.DisconnectCode;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketConnection;
import io.vertx.core.http.HttpServerRequest;

/**
 * Hands a connection's {@link WireWriter} from the upgrade check, which sees the Netty channel, to the endpoint's
 * {@code @OnOpen}, which sees only the websockets-next connection. The check registers the writer under an id it
 * makes and sets as request header {@value #HEADER} (replacing anything a client sent); {@code @OnOpen} reads the
 * header from the handshake request and takes the writer. A writer never taken (the upgrade failed later) leaves the
 * registry when its channel closes.
 */
@Singleton
public class WireRegistry {

    /** Request header carrying the registry id from the upgrade check to {@code @OnOpen}. */
    public static final String HEADER = "x-pulsegate-wire";
    private static final Logger LOG = Logger.getLogger(WireRegistry.class);

    private final ConcurrentMap<String, WireWriter> pending = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();

    /** Registers {@code wire} for the upgrade of {@code request}. */
    public void register(HttpServerRequest request, WireWriter wire) {
        String id = Long.toString(ids.incrementAndGet(), 36);
        pending.put(id, wire);
        request.headers().set(HEADER, id);
        wire.channel().closeFuture().addListener(closed -> pending.remove(id));
    }

    /** Takes the writer registered under {@code id}; empty when none is (an upgrade that skipped the check). */
    public Optional<WireWriter> take(String id) {
        return id == null ? Optional.empty() : Optional.ofNullable(pending.remove(id));
    }

    /**
     * Takes the writer of a connection just opened, from {@code @OnOpen}; if there is none, which only a bug could
     * cause, logs it and closes the connection with 3004 (internal server error).
     */
    public Optional<WireWriter> take(WebSocketConnection connection) {
        Optional<WireWriter> wire = take(connection.handshakeRequest().header(HEADER));
        if (wire.isEmpty()) {
            LOG.error("websocket opened without a wire writer; closing it with 3004");
            connection.close(new CloseReason(DisconnectCode.INTERNAL.code(), DisconnectCode.INTERNAL.reason()))
                    .subscribe().with(ok -> {
                    }, failure -> {
                    });
        }
        return wire;
    }

    /** Writers registered and not yet taken. */
    public int pending() {
        return pending.size();
    }
}
