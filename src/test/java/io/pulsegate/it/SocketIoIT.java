package io.pulsegate.it;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * socket.io-client 4.x ({@code src/it/js/socketio}) against the packaged gateway's Socket.IO endpoint, with the RPC
 * proxy pointing at the test backend ({@code backend/proxy-backend.mjs}) so emits with acks reach a real process.
 * A short heartbeat makes Engine.IO pings observable.
 */
class SocketIoIT {

    private static final int PING_INTERVAL_MS = 1500;
    /** The browser suite serves its page here: an origin the gateway allows, so its CORS path is exercised. */
    private static int pagePort;
    private static ProxyBackend backend;
    private static GatewayProcess gateway;

    @BeforeAll
    static void start() throws Exception {
        backend = ProxyBackend.start("socketio-backend");
        Map<String, String> config = new LinkedHashMap<>(CentrifugeJsIT.gatewayConfig());
        config.put("pulsegate.socketio.enabled", "true");
        config.put("pulsegate.socketio.namespaces", "/,/chat");
        config.put("pulsegate.socketio.publish-events", "say"); // emit('say', room, data): a publication
        pagePort = ProxyBackend.freePort();
        config.put("pulsegate.client.allowed-origins", "http://127.0.0.1:" + pagePort);
        config.put("pulsegate.client.ping-interval", PING_INTERVAL_MS + "ms");
        config.put("pulsegate.client.pong-timeout", "1s");
        config.put("pulsegate.proxies.rpc.endpoint", backend.httpUrl() + "/rpc");
        config.put("pulsegate.proxies.rpc.timeout", "2s");
        config.put("pulsegate.rpc.without-namespace.proxy", "rpc");
        config.put("pulsegate.rpc.namespaces.message.proxy", "rpc"); // the chat example's message:send
        // sio: a short history, so a longer absence cannot be recovered
        config.put("pulsegate.namespaces.sio.history-size", "3");
        config.put("pulsegate.namespaces.sio.history-ttl", "5m");
        config.put("pulsegate.namespaces.sio.force-recovery", "true");
        gateway = GatewayProcess.builder("socketio").properties(config).start();
    }

    @AfterAll
    static void stop() throws Exception {
        for (AutoCloseable c : new AutoCloseable[]{gateway, backend}) {
            if (c != null) {
                c.close();
            }
        }
    }

    private static Map<String, String> env() {
        return Map.of(
                "PULSEGATE_HTTP_URL", gateway.httpUrl(),
                "PULSEGATE_WS_URL", gateway.webSocketUrl(),
                "PULSEGATE_API_KEY", CentrifugeJsIT.API_KEY,
                "PULSEGATE_HMAC_SECRET", CentrifugeJsIT.HMAC_SECRET,
                "PULSEGATE_PING_INTERVAL_MS", Integer.toString(PING_INTERVAL_MS));
    }

    @Test
    void socketIoClient() throws Exception {
        NodeSuites.run("socketio/socketio.test.mjs", env(), gateway.logFile());
    }

    @Test
    void attachmentsNamespacesAndPublishingEvents() throws Exception {
        NodeSuites.run("socketio/namespaces.test.mjs", env(), gateway.logFile());
    }

    @Test
    void socketIoBrowserBundleInHeadlessChromium() throws Exception {
        Path chromium = Path.of(System.getProperty("chromium", "/usr/bin/chromium"));
        assumeTrue(Files.isExecutable(chromium), "chromium not installed (.ci/run installs it)");
        Map<String, String> env = new HashMap<>(env());
        env.put("CHROMIUM", chromium.toString());
        env.put("PULSEGATE_PAGE_PORT", Integer.toString(pagePort));
        env.put("PULSEGATE_SCREENSHOT_DIR", GatewayProcess.projectDir().resolve("target").toString());
        NodeSuites.run("socketio/browser.test.mjs", env, gateway.logFile());
    }
}
