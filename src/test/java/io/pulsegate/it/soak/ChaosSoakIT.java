package io.pulsegate.it.soak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import io.pulsegate.it.GatewayProcess;

/**
 * Issue 16's chaos soak: three packaged gateways on one real Redis, each behind a link that can be cut, behind a
 * round-robin TCP front; 200 raw JSON subscribers and 20 centrifuge-js ones (WebSocket and SSE) on four channels; a
 * steady publish load through the API of every node; and faults on a schedule (kill -9 and restart of a node,
 * SIGSTOP/SIGCONT of Redis, {@code CLIENT KILL TYPE pubsub}, a cut node-to-Redis link, Redis restarted empty).
 * {@link SoakChecker} then proves: no duplicate, no reordering, and every acknowledged publication delivered or
 * covered by an explicit gap report. {@code -Dsoak.seconds} sets the load phase (default 60, the CI form;
 * docs/reliability.md records a 600 s run); the report goes to {@code target/soak/report.md}.
 */
class ChaosSoakIT {

    static final String SECRET = "soak-it-secret-0123456789abcdef-0123";
    static final String API_KEY = "soak-key";
    private static final List<String> CHANNELS = List.of("soak:a", "soak:b", "soak:c", "soak:d");
    private static final int RAW_SUBSCRIBERS = 200;
    private static final int JS_SUBSCRIBERS = 20;

    @Test
    void noAcknowledgedPublicationIsSilentlyLost() throws Exception {
        Duration load = Duration.ofSeconds(Long.getLong("soak.seconds", 60));
        SoakChecker checker = new SoakChecker();
        ScheduledExecutorService timers = Executors.newScheduledThreadPool(2);
        try (SoakCluster cluster = SoakCluster.start(3, this::node)) {
            HttpClient http = HttpClient.newHttpClient();
            List<RawSubscriber> raw = IntStream.range(0, RAW_SUBSCRIBERS)
                    .mapToObj(
                            i -> new RawSubscriber("raw-" + i, List.of(CHANNELS.get(i % 4), CHANNELS.get((i + 1) % 4)),
                                    URI.create(cluster.frontWebSocketUrl()), SECRET, http, checker, timers))
                    .toList();
            raw.forEach(RawSubscriber::connect);
            try (JsSubscribers js = JsSubscribers.start(cluster, JS_SUBSCRIBERS, CHANNELS, checker)) {
                int streams = (RAW_SUBSCRIBERS + JS_SUBSCRIBERS) * 2;
                cluster.await(() -> checker.started() == streams, Duration.ofSeconds(60),
                        () -> "every subscriber subscribed: " + checker.started() + " of " + streams);
                Map<String, Long> heapBefore = cluster.heapAfterGc();

                try (Publishers publishers = Publishers.start(cluster, CHANNELS, checker)) {
                    new FaultSchedule(cluster).run(load);
                }
                Map<String, SoakChecker.Position> tops = cluster.tops(CHANNELS);
                cluster.await(() -> checker.converged(tops), Duration.ofSeconds(90),
                        () -> "every subscriber caught up to " + tops + "; behind: " + checker.behind(tops));
                SoakChecker.Totals totals = checker.totals(tops);
                Map<String, Long> heapAfter = cluster.heapAfterGc();
                int reconnects = raw.stream().mapToInt(RawSubscriber::reconnects).sum();
                report(load, totals, heapBefore, heapAfter, reconnects, cluster.faultLog());
                assertEquals(List.of(), totals.violations().stream().limit(20).toList(), "duplicates, reorders, skips");
                assertEquals(0, totals.lost(), SoakChecker.describe(totals));
                assertEquals(0, totals.unconverged(), SoakChecker.describe(totals));
                assertTrue(totals.delivered() > 0, SoakChecker.describe(totals));
            } finally {
                raw.forEach(RawSubscriber::stop);
            }
        } finally {
            timers.shutdownNow();
        }
    }

    private GatewayProcess.Builder node(String name, int redisPort) {
        return GatewayProcess.builder(name)
                .property("pulsegate.engine", "redis")
                .property("pulsegate.redis.url", "redis://127.0.0.1:" + redisPort)
                .property("pulsegate.redis.prefix", "soak")
                .property("pulsegate.redis.reconnect-min-delay", "100ms")
                .property("pulsegate.redis.readiness-grace", "1s")
                .property("pulsegate.token.hmac-secret", SECRET)
                .property("pulsegate.api.key", API_KEY)
                .property("pulsegate.namespaces.soak.history-size", "100000")
                .property("pulsegate.namespaces.soak.history-ttl", "30m")
                .property("pulsegate.namespaces.soak.force-recovery", "true")
                .property("pulsegate.namespaces.soak.allow-subscribe-for-client", "true");
    }

    private static void report(Duration load, SoakChecker.Totals t, Map<String, Long> heapBefore,
            Map<String, Long> heapAfter, int reconnects, List<String> faults) throws Exception {
        List<String> lines = new ArrayList<>();
        lines.add("# Chaos soak report");
        lines.add("");
        lines.add("load phase: " + load.toSeconds() + " s; subscribers: " + RAW_SUBSCRIBERS + " raw + " + JS_SUBSCRIBERS
                + " centrifuge-js on " + CHANNELS.size() + " channels");
        lines.add("");
        lines.add("| publications acked | deliveries expected | delivered | explicitly gapped | silently lost |"
                + " violations | raw reconnects |");
        lines.add("|---|---|---|---|---|---|---|");
        lines.add("| " + t.acked() + " | " + t.expected() + " | " + t.delivered() + " | " + t.gapped() + " | "
                + t.lost() + " | " + t.violations().size() + " | " + reconnects + " |");
        lines.add("");
        lines.add("heap after GC, bytes, before load → after: " + heapBefore + " → " + heapAfter);
        lines.add("");
        lines.add("faults:");
        faults.forEach(f -> lines.add("- " + f));
        t.violations().stream().limit(50).forEach(v -> lines.add("- violation: " + v));
        Path file = GatewayProcess.projectDir().resolve("target/soak/report.md");
        Files.createDirectories(file.getParent());
        Files.write(file, lines);
        System.out.println(String.join("\n", lines));
    }
}
