package io.pulsegate.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.Release;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;

/**
 * Lint, packaging, NOTES.txt and the helm test hook. helm-java's lint() takes no values (scenario files are covered by
 * ChartRenderTest) and its template() returns no hooks, hence the stripped copy for the test pod.
 */
class ChartLintTest {

    @Test
    void lintStrictIsClean() {
        LintResult result = new Helm(Chart.DIR).lint().strict().call();
        List<String> problems = result.getMessages().stream().filter(m -> !m.startsWith("[INFO]")).toList();
        assertFalse(result.isFailed(), result.getMessages().toString());
        assertEquals(List.of(), problems);
    }

    @Test
    void packagesWithoutTheCiValues(@TempDir Path dir) throws Exception {
        new Helm(Chart.DIR).packageIt().withDestination(dir).call();
        Path tgz = dir.resolve("pulsegate-0.1.0.tgz");
        assertTrue(Files.size(tgz) > 1000);
        // the packaged chart renders too (ci/ is .helmignored, values.schema.json is inside)
        Chart.parse(Chart.templateChart(tgz, null));
    }

    @Test
    void notesExplainHowToConnectAndWarnAboutIslands() {
        Release release = new Helm(Chart.DIR).install().withName(Chart.RELEASE).withNamespace(Chart.NAMESPACE)
                .dryRun().clientOnly().call();
        String notes = release.getOutput();
        assertTrue(notes.contains("ws://127.0.0.1:8000/connection/websocket"), notes);
        assertTrue(notes.contains("pg-pulsegate-internal.rt:8000/q/health/ready"), notes);
        assertTrue(notes.contains("2 replicas with the memory engine"), notes);
        assertTrue(notes.contains("helm test pg"), notes);
        String production = new Helm(Chart.DIR).install().withName(Chart.RELEASE).withNamespace(Chart.NAMESPACE)
                .withValuesFile(Chart.scenario("production")).dryRun().clientOnly().call().getOutput();
        assertTrue(production.contains("wss://rt.example.com/connection/websocket"), production);
        assertFalse(production.contains("WARNING"), production);
    }

    @Test
    void helmTestPodChecksReadinessAndTheWebSocketUpgrade(@TempDir Path dir) throws Exception {
        Path copy = Chart.copyWithoutHooks(dir.resolve("pulsegate"));
        List<HasMetadata> objects = Chart.parse(Chart.templateChart(copy, null));
        Pod pod = Chart.one(objects, Pod.class);
        assertEquals("pg-pulsegate-test", pod.getMetadata().getName());
        assertEquals("Never", pod.getSpec().getRestartPolicy());
        assertTrue(pod.getSpec().getSecurityContext().getRunAsNonRoot());
        assertTrue(pod.getSpec().getContainers().get(0).getSecurityContext().getReadOnlyRootFilesystem());
        String script = pod.getSpec().getContainers().get(0).getArgs().get(0);
        assertTrue(script.contains("http://pg-pulsegate-internal:8000/q/health/ready"), script);
        assertTrue(script.contains("http://pg-pulsegate:8000/connection/websocket"), script);
        assertTrue(script.contains("Upgrade: websocket") && script.contains("test \"$code\" = 101"), script);
        // The real chart carries the hook annotation, so a plain install never starts the pod.
        String hook = Files.readString(Chart.DIR.resolve("templates/tests/test-connection.yaml"));
        assertTrue(hook.contains("helm.sh/hook: test"));
        assertTrue(Chart.parse(Chart.template((Path) null)).stream().noneMatch(Pod.class::isInstance));
    }
}
