package io.pulsegate.it;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.pulsegate.engine.redis.RedisServer;

/**
 * socket.io-client across three packaged gateways on one real redis-server, behind the suite's own round-robin
 * balancer without affinity ({@code src/it/js/socketio/multinode.test.mjs}): polling requests relayed to the owning
 * node, a Centrifugo client on the same channel, a drain and a kill -9 with recovery from Redis history. The nodes
 * serve Socket.IO at a configured path, as behind a path-routing ingress.
 */
class SocketIoMultiNodeIT {

    private static RedisServer redis;
    private static ProxyBackend backend;
    private static final List<GatewayProcess> nodes = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        redis = RedisServer.start();
        backend = ProxyBackend.start("socketio-multinode-backend");
        for (int i = 0; i < 3; i++) {
            Map<String, String> config = new LinkedHashMap<>(CentrifugeJsIT.gatewayConfig());
            config.put("pulsegate.engine", "redis");
            config.put("pulsegate.redis.url", redis.url());
            config.put("pulsegate.redis.prefix", "sio");
            config.put("pulsegate.socketio.enabled", "true");
            config.put("pulsegate.socketio.path", "/rt/socket.io/"); // a path-routing ingress's; clients name it
            config.put("pulsegate.shutdown.drain-window", "1s");
            config.put("pulsegate.proxies.rpc.endpoint", backend.httpUrl() + "/rpc");
            config.put("pulsegate.rpc.without-namespace.proxy", "rpc");
            nodes.add(GatewayProcess.builder("socketio-node-" + i).properties(config).start());
        }
    }

    @AfterAll
    static void stop() throws Exception {
        for (GatewayProcess node : nodes) {
            node.close();
        }
        if (backend != null) {
            backend.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    void socketIoAcrossNodesWithoutAffinity() throws Exception {
        String list = nodes.stream().map(n -> "{\"url\":\"" + n.httpUrl() + "\",\"pid\":" + n.pid() + "}")
                .collect(Collectors.joining(",", "[", "]"));
        NodeSuites.run("socketio/multinode.test.mjs", Map.of(
                "PULSEGATE_HTTP_URL", nodes.get(0).httpUrl(),
                "PULSEGATE_WS_URL", nodes.get(0).webSocketUrl(),
                "PULSEGATE_API_KEY", CentrifugeJsIT.API_KEY,
                "PULSEGATE_HMAC_SECRET", CentrifugeJsIT.HMAC_SECRET,
                "PULSEGATE_NODES", list), nodes.get(0).logFile(), Duration.ofSeconds(60));
    }
}
