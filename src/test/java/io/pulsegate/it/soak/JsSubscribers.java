package io.pulsegate.it.soak;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.pulsegate.it.GatewayProcess;

/**
 * The centrifuge-js subscribers of the soak ({@code src/it/js/soak/clients.mjs}) as one node process, whose JSON
 * lines (subscribe contexts, publications) feed the {@link SoakChecker} like the raw clients' events.
 */
final class JsSubscribers implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path JS_DIR = GatewayProcess.projectDir().resolve("src/it/js");

    private final Process process;

    private JsSubscribers(Process process) {
        this.process = process;
    }

    static JsSubscribers start(SoakCluster cluster, int count, List<String> channels, SoakChecker checker)
            throws IOException {
        ProcessBuilder builder = new ProcessBuilder("node", "soak/clients.mjs").directory(JS_DIR.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        builder.environment().put("SOAK_FRONT_URL", cluster.frontHttpUrl());
        builder.environment().put("SOAK_JS_CLIENTS", Integer.toString(count));
        builder.environment().put("SOAK_CHANNELS", String.join(",", channels));
        // support.mjs reads these at load; only the secret matters to the soak clients
        builder.environment().put("PULSEGATE_WS_URL", cluster.frontWebSocketUrl());
        builder.environment().put("PULSEGATE_HTTP_URL", cluster.frontHttpUrl());
        builder.environment().put("PULSEGATE_API_KEY", ChaosSoakIT.API_KEY);
        builder.environment().put("PULSEGATE_HMAC_SECRET", ChaosSoakIT.SECRET);
        JsSubscribers js = new JsSubscribers(builder.start());
        Thread reader = new Thread(() -> js.read(checker), "soak-js");
        reader.setDaemon(true);
        reader.start();
        return js;
    }

    private void read(SoakChecker checker) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                event(checker, JSON.readTree(line));
            }
        } catch (IOException e) {
            // the process was killed at the end of the run
        }
    }

    private static void event(SoakChecker checker, JsonNode e) {
        SoakChecker.Stream stream = checker.stream(e.get("s").asText(), e.get("c").asText());
        if ("sub".equals(e.get("t").asText())) {
            stream.subscribed(e.path("e").asText(), e.path("o").asLong(), e.path("w").asBoolean(),
                    e.path("r").asBoolean());
        } else {
            stream.delivered(e.get("o").asLong());
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
