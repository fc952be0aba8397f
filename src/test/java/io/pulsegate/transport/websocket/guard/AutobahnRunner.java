package io.pulsegate.transport.websocket.guard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Runs the Autobahn|Testsuite fuzzing client (the Python suite bundled in {@code autobahntestsuite-maven-plugin},
 * executed by Jython) against the echo endpoint, then reads its JSON report and fails listing every case whose
 * {@code behavior} or {@code behaviorClose} is not OK, NON-STRICT or INFORMATIONAL.
 * <p>
 * The suite runs in a child JVM whose class path holds only Jython, the suite and json-simple: with the
 * application's class path, Jython resolves Python's {@code io} module to the Java package {@code io} (io.netty,
 * io.vertx, ...) and the suite fails to import. The spec is the one the plugin's mojo builds.
 */
final class AutobahnRunner {

    private static final Logger LOG = Logger.getLogger(AutobahnRunner.class);
    private static final String AGENT = "pulsegate";
    /** Relative to the working directory (the module root under surefire); fixed by the plugin. */
    private static final File OUTDIR = new File("target/autobahntestsuite-reports");
    private static final File REPORT = new File(OUTDIR, "index.json");
    private static final File LOG_FILE = new File("target/autobahntestsuite.log");
    private static final Set<String> ACCEPTED = Set.of("OK", "NON-STRICT", "INFORMATIONAL");

    private AutobahnRunner() {
    }

    /** Runs {@code cases} (e.g. {@code "1.*"}) against {@code url} and asserts the outcome. */
    static void runAndAssert(String url, List<String> cases) throws IOException {
        REPORT.delete();
        long start = System.nanoTime();
        runSuite(url, cases);
        long seconds = (System.nanoTime() - start) / 1_000_000_000L;

        JsonNode results = new ObjectMapper().readTree(REPORT).path(AGENT);
        Map<String, Integer> counts = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        results.fields().forEachRemaining(entry -> {
            String behavior = entry.getValue().path("behavior").asText();
            String behaviorClose = entry.getValue().path("behaviorClose").asText();
            counts.merge(behavior, 1, Integer::sum);
            if (!ACCEPTED.contains(behavior) || !ACCEPTED.contains(behaviorClose)) {
                failures.add(entry.getKey() + " (" + behavior + "/" + behaviorClose + ", remote close "
                        + entry.getValue().path("remoteCloseCode").asText() + ")");
            }
        });
        LOG.infof("Autobahn %s: %d cases in %d s, behaviors %s", cases, results.size(), seconds, counts);
        assertTrue(results.size() > 0, "Autobahn produced no results");
        assertEquals(List.of(), failures, "Autobahn cases not OK/NON-STRICT/INFORMATIONAL, see " + OUTDIR);
    }

    private static void runSuite(String url, List<String> cases) throws IOException {
        String caseList = cases.stream().map(c -> "'" + c + "'").collect(Collectors.joining(","));
        // "version": 18 is the suite's id for RFC 6455 (final); failByDrop=False as in the plugin's mojo
        String script = "from autobahntestsuite import wstest\n"
                + "wstest.start({'mode': 'fuzzingclient'}, {'outdir': '" + OUTDIR.getAbsolutePath()
                + "', 'failByDrop': False, 'servers': [{'agent': '" + AGENT + "', 'url': '" + url
                + "', 'options': {'version': 18}}], 'cases': [" + caseList + "], 'exclude-cases': []})\n";
        String classPath = String.join(File.pathSeparator, jarOf("org/python/util/jython.class"),
                jarOf("autobahntestsuite/wstest.py"), jarOf("org/json/simple/JSONValue.class"));
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process process = new ProcessBuilder(java.toString(), "-Xmx512m", "-cp", classPath, "org.python.util.jython",
                "-c", script)
                .redirectErrorStream(true)
                .redirectOutput(LOG_FILE)
                .start();
        try {
            if (!process.waitFor(15, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new AssertionError("Autobahn did not finish within 15 minutes, see " + LOG_FILE);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        assertEquals(0, process.exitValue(), "Autobahn fuzzing client failed, see " + LOG_FILE);
    }

    /** Jar file on the test class path that contains {@code resource}. */
    private static String jarOf(String resource) {
        URL url = ClassLoader.getSystemResource(resource);
        if (url == null || !"jar".equals(url.getProtocol())) {
            throw new IllegalStateException("not found in a jar on the class path: " + resource);
        }
        String file = url.getPath().substring(0, url.getPath().indexOf("!/"));
        try {
            return Path.of(new URL(file).toURI()).toString();
        } catch (URISyntaxException | IOException e) {
            throw new IllegalStateException(file, e);
        }
    }
}
