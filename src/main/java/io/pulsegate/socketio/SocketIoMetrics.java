package io.pulsegate.socketio;

import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Socket.IO's own meters, beside the client session ones every connection has: sessions opened by the transport they
 * started on ({@code pulsegate_socketio_sessions_opened_total{transport="polling"|"websocket"}}), upgrades, the live
 * Engine.IO sessions of this node, and polling requests relayed to the owning node
 * ({@code pulsegate_socketio_relayed_total{kind="poll"|"post"}}).
 */
@ApplicationScoped
public class SocketIoMetrics {

    private final AtomicLong live = new AtomicLong();
    private final Counter polling;
    private final Counter websocket;
    private final Counter upgrades;
    private final Counter relayedPolls;
    private final Counter relayedPosts;

    @Inject
    public SocketIoMetrics(MeterRegistry registry) {
        polling = registry.counter("pulsegate_socketio_sessions_opened_total", "transport", "polling");
        websocket = registry.counter("pulsegate_socketio_sessions_opened_total", "transport", "websocket");
        upgrades = registry.counter("pulsegate_socketio_upgrades_total");
        relayedPolls = registry.counter("pulsegate_socketio_relayed_total", "kind", "poll");
        relayedPosts = registry.counter("pulsegate_socketio_relayed_total", "kind", "post");
        Gauge.builder("pulsegate_socketio_sessions", live, AtomicLong::get).register(registry);
    }

    void opened(EngineChannel channel) {
        live.incrementAndGet();
        (channel instanceof PollingChannel ? polling : websocket).increment();
    }

    void ended() {
        live.decrementAndGet();
    }

    void upgraded() {
        upgrades.increment();
    }

    void relayed(boolean poll) {
        (poll ? relayedPolls : relayedPosts).increment();
    }
}
