package io.pulsegate.engine.redis;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real 3-master Redis Cluster on free loopback ports, created with {@code redis-cli --cluster create}, for engine
 * tests. Requires {@code redis-server} and {@code redis-cli} on PATH.
 */
public final class RedisCluster implements AutoCloseable {

    private final List<Process> processes = new ArrayList<>();
    private final List<Integer> ports = new ArrayList<>();

    private RedisCluster() {
    }

    public static RedisCluster start() throws IOException, InterruptedException {
        RedisCluster cluster = new RedisCluster();
        try {
            cluster.launch();
        } catch (IOException | InterruptedException | RuntimeException e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    private void launch() throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("pulsegate-cluster");
        for (int i = 0; i < 3; i++) {
            int port;
            try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
                port = s.getLocalPort();
            }
            ports.add(port);
            processes.add(new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
                    "--cluster-enabled", "yes", "--cluster-config-file", "nodes-" + port + ".conf", "--save", "",
                    "--appendonly", "no", "--dir", dir.toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("redis-" + port + ".log").toFile()).start());
        }
        for (int port : ports) {
            awaitReply(List.of("redis-cli", "-p", Integer.toString(port), "ping"), "PONG");
        }
        List<String> create = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
        ports.forEach(p -> create.add("127.0.0.1:" + p));
        create.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
        Process p = new ProcessBuilder(create).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("redis-cli --cluster create failed: " + out);
        }
        for (int port : ports) {
            awaitReply(List.of("redis-cli", "-p", Integer.toString(port), "cluster", "info"), "cluster_state:ok");
        }
    }

    private static void awaitReply(List<String> command, String expected) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            last = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(5, TimeUnit.SECONDS);
            if (last.contains(expected)) {
                return;
            }
            Thread.sleep(50);
        }
        throw new IOException(command + " never answered " + expected + ": " + last);
    }

    /** @return a connection string per master, for {@code RedisOptions.addConnectionString} */
    public List<String> urls() {
        return ports.stream().map(p -> "redis://127.0.0.1:" + p).toList();
    }

    @Override
    public void close() throws InterruptedException {
        for (Process p : processes) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
