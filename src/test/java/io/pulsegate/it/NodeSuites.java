package io.pulsegate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs one {@code node --test} suite of {@code src/it/js} and fails when it fails or does not finish in time. */
final class NodeSuites {

    static final Path JS_DIR = GatewayProcess.projectDir().resolve("src/it/js");
    /**
     * node's {@code --test-timeout}: it bounds each test and also the whole file (node runs the file as a test of its
     * own that inherits it), unless the caller gives a suite longer.
     */
    static final Duration TEST_TIMEOUT = Duration.ofSeconds(30);
    /** What the node process gets beyond its test timeout: startup, a file that hangs after its tests. */
    private static final Duration PROCESS_MARGIN = Duration.ofSeconds(60);

    private NodeSuites() {
    }

    /**
     * @param suite path of the suite relative to {@code src/it/js}
     * @param env extra environment (gateway addresses, keys)
     * @param gatewayLog where to look when the suite fails
     */
    static void run(String suite, Map<String, String> env, Path gatewayLog) throws Exception {
        run(suite, env, gatewayLog, TEST_TIMEOUT);
    }

    /**
     * As {@link #run(String, Map, Path)}, for a suite that legitimately needs longer than {@link #TEST_TIMEOUT} as a
     * whole.
     *
     * @param testTimeout node's {@code --test-timeout} (each test, and the file); the process gets a minute more
     */
    static void run(String suite, Map<String, String> env, Path gatewayLog, Duration testTimeout)
            throws Exception {
        Duration timeout = testTimeout.plus(PROCESS_MARGIN);
        ProcessBuilder builder = new ProcessBuilder("node", "--test", "--test-reporter=spec",
                "--test-timeout=" + testTimeout.toMillis(), suite)
                .directory(JS_DIR.toFile())
                .redirectErrorStream(true);
        builder.environment().putAll(env);
        builder.environment().put("NO_COLOR", "1");
        Process node = builder.start();
        Thread pump = new Thread(() -> pump(node, suite), "node-" + suite);
        pump.setDaemon(true);
        pump.start();
        if (!node.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            node.descendants().forEach(ProcessHandle::destroyForcibly);
            node.destroyForcibly();
            node.waitFor(5, TimeUnit.SECONDS);
            fail(suite + " did not finish within " + timeout);
        }
        pump.join(5000);
        assertEquals(0, node.exitValue(), suite + " failed (see output above; gateway log " + gatewayLog + ")");
    }

    private static void pump(Process node, String suite) {
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                System.out.println("[" + suite + "] " + line);
            }
        } catch (IOException e) {
            System.out.println("[" + suite + "] output closed: " + e);
        }
    }
}
