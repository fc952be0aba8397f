package io.pulsegate.admin;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import io.pulsegate.hub.Delivery;
import io.pulsegate.hub.Subscriber;
import io.pulsegate.node.Node;
import io.pulsegate.protocol.DisconnectCode;
import io.pulsegate.protocol.ProtocolCodec;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;

/**
 * {@code GET <path>/api/tail?channel=<name>}: a Server-Sent-Events stream of a channel's publications as they reach
 * this node (one {@code publication} event per publication, its data the JSON push frame a client gets). The stream is
 * a hub subscriber like a client connection, so the node receives the channel from the engine while it is open. At
 * most {@link #MAX_TAILS} per node; a stream that cannot keep up loses publications rather than buffering; one whose
 * session ended is closed within {@link #CHECK_MS}. Delivery threads and the event loop; nothing blocks.
 */
final class AdminTail {

    static final int MAX_TAILS = 16;
    static final long CHECK_MS = 1_000;
    static final int MAX_CHANNEL_LENGTH = 255;

    private final Node node;
    private final ProtocolCodec codec;
    private final Vertx vertx;
    private final AtomicInteger open = new AtomicInteger();

    AdminTail(Node node, ProtocolCodec jsonCodec, Vertx vertx) {
        this.node = node;
        this.codec = jsonCodec;
        this.vertx = vertx;
    }

    /** Opens a tail of {@code channel} on {@code response}: 400 without a channel, 429 above the cap. */
    void open(HttpServerResponse response, String channel, BooleanSupplier valid) {
        if (channel == null || channel.isEmpty() || channel.length() > MAX_CHANNEL_LENGTH) {
            response.setStatusCode(400).end();
            return;
        }
        if (!node.started()) {
            response.setStatusCode(503).end();
            return;
        }
        if (open.incrementAndGet() > MAX_TAILS) {
            open.decrementAndGet();
            response.setStatusCode(429).end();
            return;
        }
        response.setChunked(true).putHeader("Content-Type", "text/event-stream").putHeader("X-Accel-Buffering", "no");
        response.write("retry: 2000\n\n");
        Tail tail = new Tail(channel, response);
        long timer = vertx.setPeriodic(CHECK_MS, t -> {
            if (!valid.getAsBoolean()) {
                tail.close("event: signed-out\ndata: {}\n\n");
            }
        });
        response.closeHandler(v -> tail.close(null));
        tail.timer = timer;
        node.hub().subscribe(channel, tail, false).subscribe().with(
                ok -> response.write("event: subscribed\ndata: {}\n\n"),
                failure -> tail.close("event: failed\ndata: {}\n\n"));
    }

    /** @return open tails on this node */
    int openCount() {
        return open.get();
    }

    private final class Tail implements Subscriber {

        private final String channel;
        private final HttpServerResponse response;
        private final AtomicBoolean closed = new AtomicBoolean();
        private volatile long timer = -1;

        Tail(String channel, HttpServerResponse response) {
            this.channel = channel;
            this.response = response;
        }

        void close(String lastEvent) {
            if (!closed.compareAndSet(false, true)) {
                return;
            }
            vertx.cancelTimer(timer);
            node.hub().unsubscribe(channel, this);
            open.decrementAndGet();
            if (!response.ended() && !response.closed()) {
                response.end(lastEvent == null ? "" : lastEvent);
            }
        }

        @Override
        public ProtocolCodec codec() {
            return codec;
        }

        @Override
        public void onPublication(Delivery delivery) {
            if (!closed.get() && !response.writeQueueFull()) {
                response.write(Buffer.buffer("event: publication\ndata: ").appendBytes(delivery.frame())
                        .appendString("\n\n"));
            }
        }

        @Override
        public void onJoinLeave(String channel, byte[] frame) {
        }

        @Override
        public void onGap(String channel) {
            if (!closed.get()) {
                response.write("event: gap\ndata: {}\n\n");
            }
        }

        @Override
        public void disconnect(DisconnectCode code) {
            close("event: closed\ndata: {\"code\":" + code.code() + "}\n\n");
        }
    }
}
