package io.pulsegate.it;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * The demo page at {@code /} in real headless Chromium (Debian {@code chromium}, installed by {@code .ci/run}),
 * driven over the DevTools protocol by {@code src/it/js/browser/demo.test.mjs}: WebSocket and SSE, a publication made
 * through the server API read back from the DOM, screenshots in {@code target/demo-*.png}.
 */
class DemoPageIT {

    private static final String SECRET = "demo-it-secret-0123456789abcdef0123";
    private static final String API_KEY = "demo-key";

    @Test
    void demoPageInHeadlessChromium() throws Exception {
        Path chromium = Path.of(System.getProperty("chromium", "/usr/bin/chromium"));
        assumeTrue(Files.isExecutable(chromium), "chromium not installed (.ci/run installs it)");
        GatewayProcess.Builder builder = GatewayProcess.builder("demo-page");
        try (GatewayProcess gw = builder
                // browsers send Origin on WebSocket upgrades: the page's own origin must be allowed, exactly
                .property("pulsegate.client.allowed-origins", "http://127.0.0.1:" + builder.port())
                .property("pulsegate.dev.token-endpoint", "true")
                .property("pulsegate.token.hmac-secret", SECRET)
                .property("pulsegate.api.key", API_KEY)
                .property("pulsegate.channel.without-namespace.allow-subscribe-for-client", "true")
                .property("pulsegate.channel.without-namespace.allow-publish-for-subscriber", "true")
                .property("pulsegate.channel.without-namespace.history-size", "100")
                .property("pulsegate.channel.without-namespace.history-ttl", "10m")
                .property("pulsegate.channel.without-namespace.allow-recovery", "true")
                .start()) {
            NodeSuites.run("browser/demo.test.mjs", Map.of(
                    "PULSEGATE_HTTP_URL", gw.httpUrl(),
                    "PULSEGATE_WS_URL", gw.webSocketUrl(),
                    "PULSEGATE_API_KEY", API_KEY,
                    "PULSEGATE_HMAC_SECRET", SECRET,
                    "CHROMIUM", chromium.toString(),
                    "PULSEGATE_SCREENSHOT_DIR", GatewayProcess.projectDir().resolve("target").toString()),
                    gw.logFile());
        }
    }
}
