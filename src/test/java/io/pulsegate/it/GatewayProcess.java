package io.pulsegate.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged gateway ({@code target/quarkus-app/quarkus-run.jar}) running as a real child process on a free
 * {@code 127.0.0.1} port, for integration tests that talk to it over the network. Configuration is passed as
 * {@code -D} system properties; stdout and stderr go to {@code target/it-logs/<name>.log}.
 *
 * <pre>
 * try (GatewayProcess gw = GatewayProcess.builder("my-it").property("pulsegate.api.key", "k").start()) {
 *     gw.httpUrl(); // http://127.0.0.1:PORT
 * }
 * </pre>
 */
public final class GatewayProcess implements AutoCloseable {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(15);

    private final String name;
    private final Process process;
    private final int port;
    private final Path logFile;

    private GatewayProcess(String name, Process process, int port, Path logFile) {
        this.name = name;
        this.process = process;
        this.port = port;
        this.logFile = logFile;
    }

    /** @param name names the log file {@code target/it-logs/<name>.log} */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** The project directory (Maven's {@code basedir}, else the working directory). */
    public static Path projectDir() {
        String basedir = System.getProperty("basedir");
        return basedir != null ? Path.of(basedir) : Path.of("").toAbsolutePath();
    }

    public int port() {
        return port;
    }

    /** {@code http://127.0.0.1:<port>} */
    public String httpUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** {@code ws://127.0.0.1:<port>/connection/websocket} */
    public String webSocketUrl() {
        return "ws://127.0.0.1:" + port + "/connection/websocket";
    }

    public Path logFile() {
        return logFile;
    }

    /** The operating-system process id (for {@code jcmd}, signals). */
    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** The last {@code maxChars} characters of the gateway log, for failure messages. */
    public String logTail(int maxChars) {
        return tail(logFile, maxChars);
    }

    /** Kills the process (SIGKILL), as a crash, and waits for it to be gone. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** Sends SIGTERM without waiting: the gateway starts draining. */
    public void terminate() {
        process.destroy();
    }

    /** @return whether the process exited within {@code timeout} */
    public boolean awaitExit(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Stops the gateway: SIGTERM, wait, then kill if it does not exit in time. */
    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                System.err.printf("[%s] gateway did not stop within %s, killing it%n", name, STOP_TIMEOUT);
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static String tail(Path file, int maxChars) {
        try {
            String text = Files.readString(file);
            return text.length() <= maxChars ? text : text.substring(text.length() - maxChars);
        } catch (IOException e) {
            return "(log unavailable: " + e + ")";
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Collects {@code -D} properties, then starts the gateway and waits until it is ready. */
    public static final class Builder {

        private final String name;
        private final Map<String, String> properties = new LinkedHashMap<>();
        private Duration readyTimeout = READY_TIMEOUT;
        private final int port = freePort();
        private boolean started;

        private Builder(String name) {
            this.name = name;
            // quick stop for tests: the drain window is the whole shutdown delay
            properties.put("pulsegate.shutdown.drain-window", "1s");
        }

        /** @return the port the gateway will listen on (known before start, e.g. for an origin allowlist) */
        public int port() {
            return port;
        }

        /** Adds a {@code -Dkey=value} system property (any Quarkus or {@code pulsegate.*} key). */
        public Builder property(String key, String value) {
            properties.put(key, value);
            return this;
        }

        public Builder properties(Map<String, String> more) {
            properties.putAll(more);
            return this;
        }

        public Builder readyTimeout(Duration timeout) {
            this.readyTimeout = timeout;
            return this;
        }

        /** @return {@code target/it-logs/<name>.log}, where {@link #start()} sends the gateway's output */
        public Path logFile() {
            return projectDir().resolve("target/it-logs").resolve(name + ".log");
        }

        /**
         * @return the command line {@link #start()} runs, {@code java -D<key>=<value>… -jar
         *         target/quarkus-app/quarkus-run.jar}, for a test process that starts (and kills) the gateway itself
         */
        public List<String> command() {
            Path jar = projectDir().resolve("target/quarkus-app/quarkus-run.jar");
            if (!Files.isRegularFile(jar)) {
                throw new IllegalStateException(jar + " not found: package the application first (mvn verify)");
            }
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.add("-Xmx256m");
            command.add("-Dquarkus.http.host=127.0.0.1");
            command.add("-Dquarkus.http.port=" + port);
            properties.forEach((k, v) -> command.add("-D" + k + "=" + v));
            command.add("-jar");
            command.add(jar.toString());
            return command;
        }

        /**
         * Starts {@code java -jar target/quarkus-app/quarkus-run.jar} and polls {@code /q/health/ready} until it
         * answers 200. Fails (and stops the process) if the gateway exits or is not ready in time. Starting the same
         * builder again restarts the node on the same port (a crashed node coming back), appending to its log.
         */
        public GatewayProcess start() throws IOException, InterruptedException {
            List<String> command = command();
            Path log = logFile();
            Files.createDirectories(log.getParent());
            Path dir = projectDir();

            Process process = new ProcessBuilder(command)
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(started
                            ? ProcessBuilder.Redirect.appendTo(log.toFile())
                            : ProcessBuilder.Redirect.to(log.toFile()))
                    .start();
            started = true;
            GatewayProcess gateway = new GatewayProcess(name, process, port, log);
            try {
                gateway.awaitReady(readyTimeout);
            } catch (RuntimeException | InterruptedException e) {
                gateway.close();
                throw e;
            }
            return gateway;
        }
    }

    private void awaitReady(Duration timeout) throws InterruptedException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        URI ready = URI.create(httpUrl() + "/q/health/ready");
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "no answer";
        for (int attempt = 0; attempt < 1000 && System.nanoTime() < deadline; attempt++) {
            if (!process.isAlive()) {
                throw new IllegalStateException("gateway exited with " + process.exitValue() + " before ready; log:\n"
                        + logTail(4000));
            }
            try {
                HttpResponse<String> response = client.send(
                        HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(2)).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return;
                }
                last = response.statusCode() + " " + response.body();
            } catch (IOException e) {
                last = e.toString();
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("gateway not ready within " + timeout + " (last: " + last + "); log:\n"
                + logTail(4000));
    }
}
