package io.pulsegate.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * An application backend answering Centrifugo's proxy contract as a separate process: the test backend
 * ({@code src/it/js/backend/proxy-backend.mjs}, HTTP and gRPC on free ports) or an example of {@code examples/proxy}.
 * Output goes to {@code target/it-logs/<name>.log}.
 */
final class ProxyBackend implements AutoCloseable {

    final int httpPort;
    final int grpcPort;
    private final Process process;

    private ProxyBackend(Process process, int httpPort, int grpcPort) {
        this.process = process;
        this.httpPort = httpPort;
        this.grpcPort = grpcPort;
    }

    /** Starts the test backend and waits (bounded) for its ready line. */
    static ProxyBackend start(String name) throws Exception {
        int http = freePort();
        int grpc = freePort();
        return start(name, NodeSuites.JS_DIR, http, grpc, List.of("node", "backend/proxy-backend.mjs",
                Integer.toString(http), Integer.toString(grpc)));
    }

    /**
     * Starts any backend process that prints {@code backend ready} once it listens on {@code httpPort}.
     *
     * @param grpcPort its gRPC port, or 0
     */
    static ProxyBackend start(String name, Path dir, int httpPort, int grpcPort, List<String> command)
            throws Exception {
        Path log = GatewayProcess.projectDir().resolve("target/it-logs/" + name + ".log");
        Files.createDirectories(log.getParent());
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        CompletableFuture<Void> ready = new CompletableFuture<>();
        Thread pump = new Thread(() -> pump(process, log, ready), "backend-" + name);
        pump.setDaemon(true);
        pump.start();
        try {
            ready.get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            process.destroyForcibly();
            throw new IllegalStateException("backend " + name + " did not start; see " + log, e);
        }
        return new ProxyBackend(process, httpPort, grpcPort);
    }

    /** {@code http://127.0.0.1:<port>} */
    String httpUrl() {
        return "http://127.0.0.1:" + httpPort;
    }

    private static void pump(Process process, Path log, CompletableFuture<Void> ready) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8)); var out = Files.newBufferedWriter(log)) {
            String line;
            while ((line = in.readLine()) != null) {
                out.write(line);
                out.newLine();
                out.flush();
                if (line.equals("backend ready")) {
                    ready.complete(null);
                }
            }
        } catch (IOException e) {
            ready.completeExceptionally(e);
        }
        ready.completeExceptionally(new IllegalStateException("backend exited"));
    }

    /** @return a port nothing listens on (for a proxy that is down) */
    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
