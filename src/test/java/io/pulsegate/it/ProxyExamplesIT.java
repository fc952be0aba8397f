package io.pulsegate.it;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The backends shown in {@code docs/proxy.md} ({@code examples/proxy}: Node.js and Python, standard libraries only)
 * answer a gateway for real: a cookie session connects, a subscribe is allowed, a publication is rewritten, an RPC
 * echoes ({@code src/it/js/proxy/examples.test.mjs} with centrifuge-js).
 */
class ProxyExamplesIT {

    @ParameterizedTest(name = "{0}")
    @CsvSource({"node, backend.mjs", "python3, backend.py"})
    void exampleBackendAnswersTheGateway(String runtime, String script) throws Exception {
        Path examples = GatewayProcess.projectDir().resolve("examples/proxy");
        int port = ProxyBackend.freePort();
        try (ProxyBackend backend = ProxyBackend.start("example-" + runtime, examples, port, 0,
                List.of(runtime, script, Integer.toString(port)));
                GatewayProcess gateway = GatewayProcess.builder("example-" + runtime).properties(config(port))
                        .start()) {
            NodeSuites.run("proxy/examples.test.mjs", Map.of(
                    "PULSEGATE_HTTP_URL", gateway.httpUrl(),
                    "PULSEGATE_WS_URL", gateway.webSocketUrl(),
                    "PULSEGATE_API_KEY", CentrifugeJsIT.API_KEY,
                    "PULSEGATE_HMAC_SECRET", CentrifugeJsIT.HMAC_SECRET), gateway.logFile());
        }
    }

    /** The configuration docs/proxy.md shows next to the examples. */
    private static Map<String, String> config(int port) {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("pulsegate.api.key", CentrifugeJsIT.API_KEY);
        c.put("pulsegate.token.hmac-secret", CentrifugeJsIT.HMAC_SECRET);
        for (String event : new String[]{"connect", "subscribe", "publish", "rpc"}) {
            c.put("pulsegate.proxies." + event + ".endpoint", "http://127.0.0.1:" + port + "/centrifugo/" + event);
        }
        c.put("pulsegate.proxies.connect.http-headers", "Cookie");
        c.put("pulsegate.client.proxy.connect", "connect");
        c.put("pulsegate.namespaces.chat.subscribe-proxy", "subscribe");
        c.put("pulsegate.namespaces.chat.publish-proxy", "publish");
        c.put("pulsegate.rpc.without-namespace.proxy", "rpc");
        return c;
    }
}
