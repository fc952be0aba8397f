package io.pulsegate.it.soak;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.pulsegate.engine.redis.RedisServer;
import io.pulsegate.it.GatewayProcess;

/**
 * The soak's fleet: one redis-server, one cuttable link per node to it, the gateway nodes, and the round-robin front
 * proxy the subscribers connect through. Faults are methods, each logged with its time for the report.
 */
final class SoakCluster implements AutoCloseable {

    /** Configures one node given its name and the port of its link to Redis. */
    interface NodeFactory {
        GatewayProcess.Builder node(String name, int redisPort);
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern HEAP = Pattern.compile("^jvm_memory_used_bytes\\{area=\"heap\"[^}]*} (\\S+)$",
            Pattern.MULTILINE);

    private final RedisServer redis;
    private final List<TcpProxy> links = new ArrayList<>();
    private final List<GatewayProcess.Builder> builders = new ArrayList<>();
    private final List<GatewayProcess> nodes = new ArrayList<>();
    private final List<String> faults = Collections.synchronizedList(new ArrayList<>());
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private TcpProxy front;

    private SoakCluster(RedisServer redis) {
        this.redis = redis;
    }

    static SoakCluster start(int size, NodeFactory factory) throws Exception {
        SoakCluster cluster = new SoakCluster(RedisServer.start());
        try {
            List<Integer> nodePorts = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                TcpProxy link = new TcpProxy("redis-link-" + i, List.of(cluster.redis.port()));
                cluster.links.add(link);
                GatewayProcess.Builder builder = factory.node("soak-" + i, link.port());
                cluster.builders.add(builder);
                nodePorts.add(builder.port());
            }
            for (GatewayProcess.Builder builder : cluster.builders) {
                cluster.nodes.add(builder.start());
            }
            cluster.front = new TcpProxy("front", nodePorts);
            return cluster;
        } catch (Exception e) {
            cluster.close();
            throw e;
        }
    }

    int size() {
        return nodes.size();
    }

    String frontHttpUrl() {
        return "http://127.0.0.1:" + front.port();
    }

    String frontWebSocketUrl() {
        return "ws://127.0.0.1:" + front.port() + "/connection/websocket";
    }

    /** Base URL of node {@code i}'s own port (the publishers' API target). */
    String nodeUrl(int i) {
        return "http://127.0.0.1:" + builders.get(i).port();
    }

    List<String> faultLog() {
        return faults;
    }

    private void log(String fault) {
        faults.add(Instant.now() + " " + fault);
    }

    void killAndRestart(int i, Duration down) throws Exception {
        log("kill -9 node " + i + ", restart after " + down.toMillis() + " ms");
        nodes.get(i).kill();
        sleep(down);
        nodes.set(i, builders.get(i).start());
    }

    void pauseRedis(Duration paused) throws Exception {
        log("SIGSTOP Redis for " + paused.toMillis() + " ms");
        redis.pause();
        try {
            sleep(paused);
        } finally {
            redis.resume();
        }
    }

    void restartRedisEmpty() throws Exception {
        log("kill -9 Redis, restart it empty");
        redis.kill();
        redis.launch();
    }

    void killPubSubConnections() throws Exception {
        log("CLIENT KILL TYPE pubsub");
        Process kill = new ProcessBuilder("redis-cli", "-p", Integer.toString(redis.port()), "CLIENT", "KILL", "TYPE",
                "pubsub").redirectErrorStream(true).start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new IllegalStateException("redis-cli CLIENT KILL failed");
        }
    }

    void cutRedisLink(int i, Duration cut) throws Exception {
        log("cut the link of node " + i + " to Redis for " + cut.toMillis() + " ms");
        links.get(i).cut();
        try {
            sleep(cut);
        } finally {
            links.get(i).restore();
        }
    }

    /** The stream top of each channel, read through node 0's API. */
    Map<String, SoakChecker.Position> tops(List<String> channels) throws Exception {
        Map<String, SoakChecker.Position> tops = new LinkedHashMap<>();
        for (String channel : channels) {
            JsonNode result = JSON.readTree(api(0, "history", "{\"channel\":\"" + channel + "\",\"limit\":0}"))
                    .get("result");
            tops.put(channel, new SoakChecker.Position(result.get("epoch").asText(), result.path("offset").asLong()));
        }
        return tops;
    }

    /** Heap in use of each node after a full GC ({@code jcmd GC.run}), from its Prometheus meters. */
    Map<String, Long> heapAfterGc() throws Exception {
        Map<String, Long> heap = new LinkedHashMap<>();
        for (int i = 0; i < nodes.size(); i++) {
            Process gc = new ProcessBuilder("jcmd", Long.toString(nodes.get(i).pid()), "GC.run")
                    .redirectErrorStream(true).start();
            gc.getInputStream().readAllBytes();
            gc.waitFor(30, TimeUnit.SECONDS);
            String metrics = http.send(HttpRequest.newBuilder(URI.create(nodeUrl(i) + "/q/metrics"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).body();
            long used = 0;
            for (Matcher m = HEAP.matcher(metrics); m.find();) {
                used += (long) Double.parseDouble(m.group(1));
            }
            heap.put("soak-" + i, used);
        }
        return heap;
    }

    String api(int node, String method, String body) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(nodeUrl(node) + "/api/" + method))
                .header("X-API-Key", ChaosSoakIT.API_KEY).timeout(Duration.ofSeconds(2))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("api " + method + " on node " + node + ": " + response.statusCode() + " "
                    + response.body());
        }
        return response.body();
    }

    /** Polls {@code condition} every 200 ms until it holds, failing after {@code timeout}. */
    void await(BooleanSupplier condition, Duration timeout, Supplier<String> what) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting for: " + what.get());
            }
            Thread.sleep(200);
        }
    }

    /** A fault's duration: the time the fault lasts, not a wait for something to happen. */
    private static void sleep(Duration duration) throws InterruptedException {
        Thread.sleep(duration.toMillis());
    }

    @Override
    public void close() throws Exception {
        if (front != null) {
            front.close();
        }
        for (GatewayProcess node : nodes) {
            node.close();
        }
        for (TcpProxy link : links) {
            link.close();
        }
        redis.close();
    }
}
