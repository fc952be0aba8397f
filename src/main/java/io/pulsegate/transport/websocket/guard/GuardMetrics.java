package io.pulsegate.transport.websocket.guard;

import java.util.EnumMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Counter {@code pulsegate_ws_frame_rejected_total{reason}}: connections failed by the guard, one increment per
 * connection (not per frame). Counters are created once so the hot path is a plain increment.
 */
@ApplicationScoped
public class GuardMetrics {

    private final Map<CloseReason, Counter> counters = new EnumMap<>(CloseReason.class);

    @Inject
    GuardMetrics(MeterRegistry registry) {
        for (CloseReason reason : CloseReason.values()) {
            counters.put(reason, Counter.builder("pulsegate.ws.frame.rejected")
                    .description("WebSocket connections closed by the frame guard")
                    .tag("reason", reason.tag())
                    .register(registry));
        }
    }

    /** Counts one rejected connection. */
    public void rejected(CloseReason reason) {
        counters.get(reason).increment();
    }
}
