package io.pulsegate.it;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The interop check: {@code src/it/js/socketio/socketio.test.mjs}, the suite {@link SocketIoIT} runs against the
 * gateway, against a real socket.io 4.x server ({@code reference-server.mjs}) with the same token, rooms, RPC answers
 * and API shapes. Tests of what only the gateway promises are skipped there; every other one passing on both pins
 * Socket.IO protocol behaviour rather than our reading of it.
 */
class SocketIoReferenceIT {

    private static final int PING_INTERVAL_MS = 1500;
    private static ProxyBackend reference;

    @BeforeAll
    static void start() throws Exception {
        int port = ProxyBackend.freePort();
        reference = ProxyBackend.start("socketio-reference", NodeSuites.JS_DIR, port, 0, List.of("node",
                "socketio/reference-server.mjs", Integer.toString(port), CentrifugeJsIT.HMAC_SECRET,
                Integer.toString(PING_INTERVAL_MS)));
    }

    @AfterAll
    static void stop() throws Exception {
        if (reference != null) {
            reference.close();
        }
    }

    @Test
    void theSuitePassesAgainstARealSocketIoServer() throws Exception {
        run("socketio/socketio.test.mjs");
    }

    @Test
    void attachmentsNamespacesAndPublishingEventsAsARealSocketIoServerHasThem() throws Exception {
        run("socketio/namespaces.test.mjs");
    }

    private static void run(String suite) throws Exception {
        NodeSuites.run(suite, Map.of(
                "PULSEGATE_TARGET", "reference",
                "PULSEGATE_HTTP_URL", reference.httpUrl(),
                "PULSEGATE_WS_URL", reference.httpUrl().replace("http", "ws"),
                "PULSEGATE_API_KEY", CentrifugeJsIT.API_KEY,
                "PULSEGATE_HMAC_SECRET", CentrifugeJsIT.HMAC_SECRET,
                "PULSEGATE_PING_INTERVAL_MS", Integer.toString(PING_INTERVAL_MS)),
                GatewayProcess.projectDir().resolve("target/it-logs/socketio-reference.log"));
    }
}
