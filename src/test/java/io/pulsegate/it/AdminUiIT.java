package io.pulsegate.it;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.pulsegate.engine.redis.RedisServer;

/**
 * The admin UI in headless Chromium against two Redis-backed gateways, driven over the DevTools protocol by
 * {@code src/it/js/browser/admin.test.mjs}: refused and accepted sign-in, both nodes in the live view, a publish from
 * the console reaching a centrifuge-js subscriber on the other node, a disconnect from user lookup closing the user's
 * connections on both nodes, the deliveries chart moving under a publish loop, a session shared by both nodes and
 * signed out on both. Screenshots in
 * {@code target/admin-*.png}.
 */
class AdminUiIT {

    private static final String SECRET = "admin-it-secret-0123456789abcdef0123";
    private static final String ADMIN_SECRET = "admin-it-session-secret-0123456789ab";
    private static final String API_KEY = "admin-it-key";
    private static final String PASSWORD = "admin-it-password";

    @Test
    void adminUiOnATwoNodeRedisFleet() throws Exception {
        Path chromium = Path.of(System.getProperty("chromium", "/usr/bin/chromium"));
        assumeTrue(Files.isExecutable(chromium), "chromium not installed (.ci/run installs it)");
        try (RedisServer redis = RedisServer.start();
                GatewayProcess a = node("admin-a", redis);
                GatewayProcess b = node("admin-b", redis)) {
            NodeSuites.run("browser/admin.test.mjs", Map.of(
                    "PULSEGATE_HTTP_URL", a.httpUrl(),
                    "PULSEGATE_WS_URL", a.webSocketUrl(),
                    "PULSEGATE_WS_URL_B", b.webSocketUrl(),
                    "PULSEGATE_HTTP_URL_B", b.httpUrl(),
                    "PULSEGATE_API_KEY", API_KEY,
                    "PULSEGATE_HMAC_SECRET", SECRET,
                    "PULSEGATE_ADMIN_PASSWORD", PASSWORD,
                    "CHROMIUM", chromium.toString(),
                    "PULSEGATE_SCREENSHOT_DIR", GatewayProcess.projectDir().resolve("target").toString()),
                    a.logFile(), Duration.ofSeconds(60));
        }
    }

    private static GatewayProcess node(String name, RedisServer redis) throws Exception {
        return GatewayProcess.builder(name)
                .property("pulsegate.node.name", name)
                .property("pulsegate.engine", "redis")
                .property("pulsegate.redis.url", redis.url())
                .property("pulsegate.redis.prefix", "admin-it")
                .property("pulsegate.token.hmac-secret", SECRET)
                .property("pulsegate.api.key", API_KEY)
                .property("pulsegate.admin.enabled", "true")
                .property("pulsegate.admin.password", PASSWORD)
                .property("pulsegate.admin.secret", ADMIN_SECRET)
                .property("pulsegate.namespaces.chat.history-size", "100")
                .property("pulsegate.namespaces.chat.history-ttl", "10m")
                .property("pulsegate.namespaces.chat.presence", "true")
                .property("pulsegate.namespaces.chat.allow-subscribe-for-client", "true")
                .start();
    }
}
