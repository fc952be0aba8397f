package io.pulsegate.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Structural checks of the deployment kit that need no container engine: the compose stack, its nginx config (CI also
 * runs `nginx -t` on it), the Dockerfiles, and that the Grafana dashboard and alert rules only use meters the gateway
 * registers.
 */
class DeployKitTest {

    private static final Path DEPLOY = Path.of("deploy");
    private static final Pattern METER = Pattern.compile("pulsegate_[a-z_]+");

    @SuppressWarnings("unchecked")
    private static Map<String, Object> yaml(Path file) throws IOException {
        return (Map<String, Object>) merge(
                new Load(LoadSettings.builder().build()).loadFromString(Files.readString(file)));
    }

    /** Applies YAML merge keys ({@code <<: *anchor}), which Compose supports and YAML 1.2 parsers leave as keys. */
    @SuppressWarnings("unchecked")
    private static Object merge(Object node) {
        if (node instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            Object base = map.get("<<");
            if (base != null) {
                out.putAll((Map<String, Object>) merge(base));
            }
            map.forEach((k, v) -> {
                if (!"<<".equals(k)) {
                    out.put((String) k, merge(v));
                }
            });
            return out;
        }
        if (node instanceof List<?> list) {
            return list.stream().map(DeployKitTest::merge).toList();
        }
        return node;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }

    @Test
    void composeRunsThreeHardenedReplicasBehindTheLoadBalancer() throws IOException {
        Map<String, Object> services = map(yaml(DEPLOY.resolve("compose/docker-compose.yml")).get("services"));
        Set<String> gateways = services.keySet().stream().filter(s -> s.startsWith("pulsegate-"))
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(Set.of("pulsegate-1", "pulsegate-2", "pulsegate-3"), gateways);
        Set<Object> nodeNames = new TreeSet<>();
        for (String name : gateways) {
            Map<String, Object> gw = map(services.get(name));
            Map<String, Object> env = map(gw.get("environment"));
            assertEquals("${PULSEGATE_ENGINE:-redis}", env.get("PULSEGATE_ENGINE"), name);
            assertEquals("redis://redis:6379/0", env.get("PULSEGATE_REDIS_URL"), name);
            nodeNames.add(env.get("PULSEGATE_NODE_NAME"));
            assertEquals(true, gw.get("read_only"), name);
            assertEquals(List.of("/tmp"), gw.get("tmpfs"), name);
            assertEquals(List.of("ALL"), gw.get("cap_drop"), name);
            Duration grace = Duration.parse("PT" + gw.get("stop_grace_period").toString().toUpperCase());
            Duration drain = Duration.parse("PT" + env.get("PULSEGATE_SHUTDOWN_DRAIN_WINDOW").toString().toUpperCase());
            assertTrue(grace.compareTo(drain) > 0, "stop_grace_period covers the drain window");
            assertNotNull(map(gw.get("build")).get("dockerfile"));
        }
        assertEquals(3, nodeNames.size(), "distinct node names");
        assertNotNull(map(services.get("redis")).get("healthcheck"));
        Map<String, Object> lb = map(services.get("lb"));
        assertTrue(lb.get("image").toString().startsWith("nginx:"));
        assertEquals(List.of("./nginx.conf:/etc/nginx/nginx.conf:ro"), lb.get("volumes"));
        assertEquals(List.of("127.0.0.1:8080:8080"), lb.get("ports"));
    }

    @Test
    void nginxProxiesWebSocketsAndSseToEveryReplica() throws IOException {
        String conf = Files.readString(DEPLOY.resolve("compose/nginx.conf"));
        Matcher servers = Pattern.compile("(?m)^\\s*server (pulsegate-\\d):8000").matcher(conf);
        Set<String> upstreams = new TreeSet<>();
        while (servers.find()) {
            upstreams.add(servers.group(1));
        }
        assertEquals(Set.of("pulsegate-1", "pulsegate-2", "pulsegate-3"), upstreams);
        assertTrue(conf.contains("proxy_http_version 1.1;"));
        assertTrue(conf.contains("proxy_set_header Upgrade $http_upgrade;"));
        assertTrue(conf.contains("proxy_set_header Connection $connection_upgrade;"));
        assertTrue(conf.contains("proxy_buffering off;"), "SSE");
        Matcher read = Pattern.compile("proxy_read_timeout (\\d+)s;").matcher(conf);
        assertTrue(read.find());
        assertTrue(Integer.parseInt(read.group(1)) > 25, "read timeout above the 25 s ping interval");
    }

    @Test
    void imagesRunAsNumericNonRootUsers() throws IOException {
        String nativeFile = Files.readString(DEPLOY.resolve("Dockerfile.native"));
        assertTrue(nativeFile.contains("FROM quay.io/quarkus/ubi9-quarkus-micro-image:"));
        assertTrue(nativeFile.contains("\nUSER 1001\n"));
        assertTrue(nativeFile.contains("EXPOSE 8000"));
        String jvm = Files.readString(DEPLOY.resolve("Dockerfile.jvm"));
        assertTrue(jvm.contains("\nUSER 185\n"));
        assertTrue(jvm.contains("EXPOSE 8000"));
        String ignore = Files.readString(Path.of(".dockerignore"));
        assertTrue(ignore.startsWith("#") && ignore.contains("\n*\n"), "deny by default");
        assertTrue(ignore.contains("!target/*-runner") && ignore.contains("!target/quarkus-app/*"));
    }

    @Test
    void dashboardAndAlertsUseRegisteredMeters() throws IOException {
        Set<String> registered = registeredMeters();
        JsonNode dashboard = new ObjectMapper().readTree(DEPLOY.resolve("grafana/pulsegate-dashboard.json").toFile());
        assertEquals("pulsegate", dashboard.get("uid").asText());
        StringBuilder exprs = new StringBuilder();
        for (JsonNode panel : dashboard.get("panels")) {
            panel.path("targets").forEach(t -> exprs.append(t.get("expr").asText()).append('\n'));
        }
        Map<String, Object> rules = yaml(DEPLOY.resolve("prometheus/alerts.yaml"));
        for (Object group : (List<?>) rules.get("groups")) {
            for (Object rule : (List<?>) map(group).get("rules")) {
                Map<String, Object> r = map(rule);
                assertNotNull(r.get("alert"));
                assertNotNull(map(r.get("labels")).get("severity"), r.get("alert").toString());
                exprs.append(r.get("expr")).append('\n');
            }
        }
        Set<String> used = new TreeSet<>();
        Matcher m = METER.matcher(exprs);
        while (m.find()) {
            used.add(m.group().replaceAll("(_seconds)?_(bucket|count|sum|max)$", ""));
        }
        assertTrue(used.size() >= 10, "dashboard covers the meters: " + used);
        used.removeAll(registered);
        assertEquals(Set.of(), used, "meters not registered by the gateway (registered: " + registered + ")");
    }

    /**
     * Meter names as registered in src/main: literal Prometheus names, or Micrometer dotted names that the Prometheus
     * registry exports with underscores (plus _total for counters).
     */
    private static Set<String> registeredMeters() throws IOException {
        Set<String> names = new TreeSet<>();
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                Matcher m = Pattern.compile("\"(pulsegate[_.][a-z_.]+)\"").matcher(Files.readString(f));
                while (m.find()) {
                    String name = m.group(1).replace('.', '_');
                    names.add(name);
                    if (m.group(1).contains(".")) {
                        names.add(name + "_total");
                    }
                }
            }
        }
        assertFalse(names.isEmpty());
        return names;
    }
}
