package io.pulsegate.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/**
 * Renders helm/pulsegate in-process (helm-java bundles Helm 3.16.4) and checks every document against fabric8's typed
 * Kubernetes model. fabric8 accepts unknown fields silently (into additionalProperties) and any apiVersion, so both
 * are checked here: an unknown field is a typo the API server would drop or reject, and an apiVersion outside the
 * allow-list is a removed or unintended API. helm-java renders with Kubernetes v1.20 capabilities and without hooks,
 * which is why the chart gates nothing on .Capabilities.
 */
final class Chart {

    static final Path DIR = Path.of("helm/pulsegate");
    static final String RELEASE = "pg";
    static final String NAMESPACE = "rt";
    static final String FULLNAME = "pg-pulsegate";

    /** The only apiVersion allowed for each kind the chart may render. */
    static final Map<String, String> API_VERSIONS = Map.ofEntries(
            Map.entry("ConfigMap", "v1"), Map.entry("Secret", "v1"), Map.entry("Service", "v1"),
            Map.entry("ServiceAccount", "v1"), Map.entry("Pod", "v1"),
            Map.entry("Deployment", "apps/v1"),
            Map.entry("Ingress", "networking.k8s.io/v1"), Map.entry("NetworkPolicy", "networking.k8s.io/v1"),
            Map.entry("HorizontalPodAutoscaler", "autoscaling/v2"),
            Map.entry("PodDisruptionBudget", "policy/v1"),
            Map.entry("HTTPRoute", "gateway.networking.k8s.io/v1"),
            Map.entry("ServiceMonitor", "monitoring.coreos.com/v1"));

    /** CRD kinds fabric8 has no typed model for here; any other generic document is a misspelled kind. */
    static final Set<String> GENERIC_KINDS = Set.of("ServiceMonitor");

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private Chart() {
    }

    static Path scenario(String name) {
        return DIR.resolve("ci").resolve(name + ".yaml");
    }

    /** Renders with an optional scenario file and --set pairs (key, value, key, value...). */
    static String templateChart(Path chartDir, Path valuesFile, Object... sets) {
        TemplateCommand cmd = new Helm(chartDir).template().withName(RELEASE).withNamespace(NAMESPACE);
        if (valuesFile != null) {
            cmd = cmd.withValuesFile(valuesFile);
        }
        for (int i = 0; i < sets.length; i += 2) {
            cmd = cmd.set((String) sets[i], sets[i + 1]);
        }
        return cmd.call();
    }

    static String template(Path valuesFile, Object... sets) {
        return templateChart(DIR, valuesFile, sets);
    }

    /** Parses every document, asserting allow-listed apiVersions and no unknown fields. */
    static List<HasMetadata> parse(String manifest) {
        List<HasMetadata> out = new ArrayList<>();
        for (String doc : manifest.split("(?m)^---\\s*$")) {
            if (doc.lines().allMatch(l -> l.isBlank() || l.stripLeading().startsWith("#"))) {
                continue;
            }
            HasMetadata resource = SERIALIZATION.unmarshal(doc);
            String kind = resource.getKind();
            String where = kind + "/" + resource.getMetadata().getName();
            assertEquals(API_VERSIONS.get(kind), resource.getApiVersion(), "apiVersion of " + where);
            if (resource instanceof GenericKubernetesResource) {
                assertTrue(GENERIC_KINDS.contains(kind), "untyped (misspelled?) kind " + where);
            } else {
                List<String> unknown = new ArrayList<>();
                unknownFields(resource, where, unknown);
                assertTrue(unknown.isEmpty(), "unknown fields: " + unknown);
            }
            out.add(resource);
        }
        assertFalse(out.isEmpty(), "rendered nothing");
        return out;
    }

    static <T extends HasMetadata> List<T> all(List<HasMetadata> resources, Class<T> type) {
        return resources.stream().filter(type::isInstance).map(type::cast).toList();
    }

    static <T extends HasMetadata> T one(List<HasMetadata> resources, Class<T> type) {
        List<T> found = all(resources, type);
        assertEquals(1, found.size(), "exactly one " + type.getSimpleName());
        return found.get(0);
    }

    static GenericKubernetesResource generic(List<HasMetadata> resources, String kind) {
        return all(resources, GenericKubernetesResource.class).stream().filter(r -> r.getKind().equals(kind))
                .findFirst().orElseThrow(() -> new AssertionError("no " + kind));
    }

    /**
     * Walks the getters of fabric8 model objects; a non-empty getAdditionalProperties() holds fields the model does not
     * know.
     */
    static void unknownFields(Object node, String path, List<String> unknown) {
        if (node == null) {
            return;
        }
        if (node instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                unknownFields(item, path + "[" + i++ + "]", unknown);
            }
            return;
        }
        if (node instanceof Map<?, ?> map) {
            map.forEach((k, v) -> unknownFields(v, path + "." + k, unknown));
            return;
        }
        if (!node.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
            return;
        }
        for (Method m : node.getClass().getMethods()) {
            if (m.getParameterCount() != 0 || Modifier.isStatic(m.getModifiers()) || !m.getName().startsWith("get")
                    || m.getName().equals("getClass")) {
                continue;
            }
            Object value;
            try {
                value = m.invoke(node);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
            if (m.getName().equals("getAdditionalProperties")) {
                if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    unknown.add(path + " -> " + extra.keySet());
                }
            } else {
                unknownFields(value, path + "." + m.getName().substring(3), unknown);
            }
        }
    }

    /**
     * helm-java's template() drops hooks, so the helm test pod is rendered from a copy of the chart with the
     * helm.sh/hook annotations removed.
     */
    static Path copyWithoutHooks(Path target) throws IOException {
        try (Stream<Path> files = Files.walk(DIR)) {
            for (Path source : files.toList()) {
                Path dest = target.resolve(DIR.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(dest);
                } else {
                    String text = Files.readString(source);
                    if (source.startsWith(DIR.resolve("templates/tests"))) {
                        text = text.replaceAll("(?m)^\\s*helm\\.sh/hook[\\w-]*:.*\\n", "");
                    }
                    Files.writeString(dest, text);
                }
            }
        }
        return target;
    }
}
