package io.pulsegate.admin;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.search.Search;
import io.pulsegate.Version;
import io.pulsegate.node.Node;

/**
 * Takes this node's {@link NodeSnapshot} from what it already counts: the node's session and hub counts and the
 * Prometheus counters of {@code GatewayMetrics} (read by name, so nothing is added to the hot path). Called from one
 * timer; not thread-safe.
 */
final class LocalStats {

    private final Node node;
    private final MeterRegistry registry;
    private long lastNanos = System.nanoTime();
    private double lastSent;
    private double lastReceived;
    private double lastPublishes;

    LocalStats(Node node, MeterRegistry registry) {
        this.node = node;
        this.registry = registry;
        lastSent = count("pulsegate_messages_sent_total", null);
        lastReceived = count("pulsegate_messages_received_total", null);
        lastPublishes = count("pulsegate_commands_total", "publish");
    }

    /** @param ownSubscription the admin channel is subscribed here: left out of the channel and subscription counts */
    NodeSnapshot take(boolean ownSubscription) {
        int own = ownSubscription ? 1 : 0;
        long now = System.nanoTime();
        double seconds = Math.max(1e-3, (now - lastNanos) / 1e9);
        lastNanos = now;
        double sent = count("pulsegate_messages_sent_total", null);
        double received = count("pulsegate_messages_received_total", null);
        double publishes = count("pulsegate_commands_total", "publish");
        NodeSnapshot snapshot = new NodeSnapshot(node.id(), node.name(), Version.VALUE, node.uptimeSeconds(),
                node.connectionCount(), node.userCount(), Math.max(0, node.hub().channelCount() - own),
                Math.max(0, node.hub().subscriptionCount() - own),
                (sent - lastSent) / seconds, (received - lastReceived) / seconds, (publishes - lastPublishes)
                        / seconds,
                engine(), System.currentTimeMillis());
        lastSent = sent;
        lastReceived = received;
        lastPublishes = publishes;
        return snapshot;
    }

    private String engine() {
        if (node.draining()) {
            return "draining";
        }
        return node.engineHealthy() ? "up" : "down";
    }

    /** Reads a counter by name; the per-message ones are function counters over adders. */
    private double count(String name, String method) {
        Search search = method == null ? registry.find(name) : registry.find(name).tag("method", method);
        Counter counter = search.counter();
        if (counter != null) {
            return counter.count();
        }
        FunctionCounter function = search.functionCounter();
        return function == null ? 0 : function.count();
    }
}
