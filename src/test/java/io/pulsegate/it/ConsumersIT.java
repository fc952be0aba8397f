package io.pulsegate.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.pulsegate.engine.redis.RedisServer;

/**
 * Event-stream sources end to end: the packaged gateway (Redis engine, so history outlives a gateway crash) consumes a
 * Redis stream on a second redis-server, and centrifuge-js subscribers check order, poison records, a kill -9 of the
 * gateway mid-stream (at least once; exactly once with idempotency keys) and a restart of the source. The suite
 * starts, kills and restarts the gateway itself from the command it gets here; records are produced with redis-cli.
 */
class ConsumersIT {

    private static RedisServer engine;
    private static RedisServer source;

    @BeforeAll
    static void startRedis() throws Exception {
        engine = RedisServer.start();
        source = RedisServer.start();
    }

    @AfterAll
    static void stopRedis() throws Exception {
        if (engine != null) {
            engine.close();
        }
        if (source != null) {
            source.close();
        }
    }

    @Test
    void redisStream() throws Exception {
        Path dir = GatewayProcess.projectDir();
        Path log = dir.resolve("target/it-logs/consumers-redis-stream.log");
        Files.createDirectories(log.getParent());
        int port = GatewayProcess.builder("consumers").port();
        Map<String, String> properties = Map.ofEntries(
                Map.entry("quarkus.http.host", "127.0.0.1"),
                Map.entry("quarkus.http.port", Integer.toString(port)),
                Map.entry("pulsegate.shutdown.drain-window", "1s"),
                Map.entry("pulsegate.engine", "redis"),
                Map.entry("pulsegate.redis.url", engine.url()),
                Map.entry("pulsegate.token.hmac-secret", CentrifugeJsIT.HMAC_SECRET),
                Map.entry("pulsegate.api.key", CentrifugeJsIT.API_KEY),
                Map.entry("pulsegate.namespaces.orders.history-size", "1000"),
                Map.entry("pulsegate.namespaces.orders.history-ttl", "10m"),
                Map.entry("pulsegate.namespaces.orders.force-recovery", "true"),
                Map.entry("pulsegate.namespaces.orders.allow-subscribe-for-client", "true"),
                Map.entry("pulsegate.consumers.events.type", "redis-stream"),
                Map.entry("pulsegate.consumers.events.enabled", "true"),
                Map.entry("pulsegate.consumers.events.url", source.url()),
                Map.entry("pulsegate.consumers.events.topics", "events"),
                Map.entry("pulsegate.consumers.events.poll-interval", "200ms"),
                Map.entry("pulsegate.consumers.events.retry-backoff", "200ms"),
                Map.entry("pulsegate.consumers.events.claim-idle", "1s"),
                Map.entry("pulsegate.consumers.events.on-malformed", "park"));
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx256m"));
        properties.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.addAll(List.of("-jar", dir.resolve("target/quarkus-app/quarkus-run.jar").toString()));
        NodeSuites.run("consumers/delivery.test.mjs", Map.of(
                "PULSEGATE_HTTP_URL", "http://127.0.0.1:" + port,
                "PULSEGATE_WS_URL", "ws://127.0.0.1:" + port + "/connection/websocket",
                "PULSEGATE_API_KEY", CentrifugeJsIT.API_KEY,
                "PULSEGATE_HMAC_SECRET", CentrifugeJsIT.HMAC_SECRET,
                "GATEWAY_COMMAND", String.join("\u001f", command),
                "GATEWAY_LOG", log.toString(),
                "SOURCE", "redis-stream",
                "SOURCE_PORT", Integer.toString(source.port())), log);
    }
}
