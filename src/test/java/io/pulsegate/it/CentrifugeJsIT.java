package io.pulsegate.it;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Conformance of the real centrifuge-js SDK (npm {@code centrifuge}, pinned in {@code src/it/js/package-lock.json},
 * installed by {@code npm ci} in {@code pre-integration-test}) against the packaged gateway. Each
 * {@code src/it/js/*.test.mjs} file runs as one {@code node --test} process; the gateway's address, API key and HMAC
 * secret reach it as environment variables.
 */
class CentrifugeJsIT {

    static final String API_KEY = "it-api-key";
    static final String HMAC_SECRET = "pulsegate-it-secret-0123456789abcdef-xyz";
    private static final Path JS_DIR = NodeSuites.JS_DIR;

    private static GatewayProcess gateway;

    @BeforeAll
    static void startGateway() throws Exception {
        assertTrue(Files.isDirectory(JS_DIR.resolve("node_modules/centrifuge")),
                "centrifuge-js not installed in " + JS_DIR + ": run through Maven (npm ci in pre-integration-test)");
        gateway = GatewayProcess.builder("centrifuge-js").properties(gatewayConfig()).start();
    }

    @AfterAll
    static void stopGateway() {
        if (gateway != null) {
            gateway.close();
        }
    }

    /** Keys and namespaces the JS suites rely on. */
    static Map<String, String> gatewayConfig() {
        return Map.ofEntries(
                Map.entry("pulsegate.token.hmac-secret", HMAC_SECRET),
                Map.entry("pulsegate.api.key", API_KEY),
                // connection expiry tests: the server closes with 3005 this long after exp
                Map.entry("pulsegate.client.expired-close-delay", "2s"),
                Map.entry("pulsegate.client.expired-sub-close-delay", "1s"),
                // chat: history, recovery, presence, join/leave, everything allowed to subscribers
                Map.entry("pulsegate.namespaces.chat.history-size", "100"),
                Map.entry("pulsegate.namespaces.chat.history-ttl", "5m"),
                Map.entry("pulsegate.namespaces.chat.force-recovery", "true"),
                Map.entry("pulsegate.namespaces.chat.presence", "true"),
                Map.entry("pulsegate.namespaces.chat.join-leave", "true"),
                Map.entry("pulsegate.namespaces.chat.allow-subscribe-for-client", "true"),
                Map.entry("pulsegate.namespaces.chat.allow-publish-for-subscriber", "true"),
                Map.entry("pulsegate.namespaces.chat.allow-presence-for-subscriber", "true"),
                Map.entry("pulsegate.namespaces.chat.allow-history-for-subscriber", "true"),
                // open: any connection, anonymous too, may subscribe and read presence and history without subscribing
                Map.entry("pulsegate.namespaces.open.history-size", "10"),
                Map.entry("pulsegate.namespaces.open.history-ttl", "5m"),
                Map.entry("pulsegate.namespaces.open.presence", "true"),
                Map.entry("pulsegate.namespaces.open.allow-subscribe-for-client", "true"),
                Map.entry("pulsegate.namespaces.open.allow-presence-for-client", "true"),
                Map.entry("pulsegate.namespaces.open.allow-history-for-client", "true"),
                Map.entry("pulsegate.namespaces.open.allow-subscribe-for-anonymous", "true"),
                Map.entry("pulsegate.namespaces.open.allow-presence-for-anonymous", "true"),
                // delta: fossil deltas for every publication (updates.test.mjs)
                Map.entry("pulsegate.namespaces.delta.history-size", "100"),
                Map.entry("pulsegate.namespaces.delta.history-ttl", "5m"),
                Map.entry("pulsegate.namespaces.delta.force-recovery", "true"),
                Map.entry("pulsegate.namespaces.delta.allow-subscribe-for-client", "true"),
                Map.entry("pulsegate.namespaces.delta.allowed-delta-types", "fossil"),
                Map.entry("pulsegate.namespaces.delta.delta-publish", "true"),
                // cache: recovery delivers the latest publication; deltas only when the publisher asks
                Map.entry("pulsegate.namespaces.cache.history-size", "10"),
                Map.entry("pulsegate.namespaces.cache.history-ttl", "5m"),
                Map.entry("pulsegate.namespaces.cache.force-recovery", "true"),
                Map.entry("pulsegate.namespaces.cache.recovery-mode", "cache"),
                Map.entry("pulsegate.namespaces.cache.allow-subscribe-for-client", "true"),
                Map.entry("pulsegate.namespaces.cache.allowed-delta-types", "fossil"),
                // batch: non-critical channel, 100 ms window with flush-latest, SDK publish debounce
                Map.entry("pulsegate.namespaces.batch.history-size", "100"),
                Map.entry("pulsegate.namespaces.batch.history-ttl", "5m"),
                Map.entry("pulsegate.namespaces.batch.force-recovery", "true"),
                Map.entry("pulsegate.namespaces.batch.allow-subscribe-for-client", "true"),
                Map.entry("pulsegate.namespaces.batch.allow-publish-for-subscriber", "true"),
                Map.entry("pulsegate.namespaces.batch.batch-max-delay", "100ms"),
                Map.entry("pulsegate.namespaces.batch.batch-flush-latest", "true"),
                Map.entry("pulsegate.namespaces.batch.client-publish-debounce-interval", "50ms"),
                // maps (maps.test.mjs): board persistent, ttl with 1 s keys, tiny with small limits and stream
                Map.entry("pulsegate.namespaces.board.subscription-type", "map"),
                Map.entry("pulsegate.namespaces.board.map.mode", "persistent"),
                Map.entry("pulsegate.namespaces.board.map.stream-size", "1000"),
                Map.entry("pulsegate.namespaces.board.allow-subscribe-for-client", "true"),
                Map.entry("pulsegate.namespaces.board.allow-publish-for-subscriber", "true"),
                Map.entry("pulsegate.namespaces.ttl.subscription-type", "map"),
                Map.entry("pulsegate.namespaces.ttl.map.key-ttl", "1s"),
                Map.entry("pulsegate.namespaces.ttl.allow-subscribe-for-client", "true"),
                Map.entry("pulsegate.namespaces.ttl.allow-publish-for-subscriber", "true"),
                Map.entry("pulsegate.namespaces.tiny.subscription-type", "map"),
                Map.entry("pulsegate.namespaces.tiny.map.mode", "persistent"),
                Map.entry("pulsegate.namespaces.tiny.map.stream-size", "2"),
                Map.entry("pulsegate.namespaces.tiny.map.max-keys", "3"),
                Map.entry("pulsegate.namespaces.tiny.map.max-value-size", "64"),
                Map.entry("pulsegate.namespaces.tiny.allow-subscribe-for-client", "true"),
                Map.entry("pulsegate.namespaces.tiny.allow-publish-for-client", "true"),
                // private: subscription token required
                Map.entry("pulsegate.namespaces.private.allow-subscribe-for-client", "false"),
                Map.entry("pulsegate.namespaces.private.presence", "true"));
    }

    static Stream<String> suites() throws IOException {
        try (Stream<Path> files = Files.list(JS_DIR)) {
            List<String> names = files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".test.mjs"))
                    .sorted()
                    .toList();
            assertFalse(names.isEmpty(), "no *.test.mjs in " + JS_DIR);
            return names.stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("suites")
    void centrifugeJs(String suite) throws Exception {
        assertTrue(gateway.isAlive(), "gateway died; log:\n" + gateway.logTail(4000));
        NodeSuites.run(suite, Map.of(
                "PULSEGATE_HTTP_URL", gateway.httpUrl(),
                "PULSEGATE_WS_URL", gateway.webSocketUrl(),
                "PULSEGATE_API_KEY", API_KEY,
                "PULSEGATE_HMAC_SECRET", HMAC_SECRET), gateway.logFile());
    }
}
