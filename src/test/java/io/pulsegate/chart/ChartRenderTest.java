package io.pulsegate.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;

/** Renders the default values and every scenario file, then checks what each object must carry. */
class ChartRenderTest {

    /** "default" (values.yaml alone) plus every helm/pulsegate/ci/*.yaml, so a new scenario file is tested too. */
    static Stream<String> scenarios() throws IOException {
        try (Stream<Path> files = Files.list(Chart.DIR.resolve("ci"))) {
            List<String> names = files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".yaml"))
                    .map(n -> n.substring(0, n.length() - 5)).sorted().toList();
            assertTrue(names.containsAll(List.of("minimal", "production", "external-redis")), "scenarios: " + names);
            return Stream.concat(Stream.of("default"), names.stream());
        }
    }

    private static List<HasMetadata> render(String scenario, Object... sets) {
        Path values = scenario.equals("default") ? null : Chart.scenario(scenario);
        return Chart.parse(Chart.template(values, sets));
    }

    private static Container container(List<HasMetadata> objects) {
        PodSpec pod = Chart.one(objects, Deployment.class).getSpec().getTemplate().getSpec();
        assertEquals(1, pod.getContainers().size());
        return pod.getContainers().get(0);
    }

    @ParameterizedTest
    @MethodSource("scenarios")
    void everyScenarioRendersTypedObjects(String scenario) {
        List<HasMetadata> objects = render(scenario);
        Deployment deployment = Chart.one(objects, Deployment.class);
        Map<String, String> selector = deployment.getSpec().getSelector().getMatchLabels();
        Map<String, String> podLabels = deployment.getSpec().getTemplate().getMetadata().getLabels();
        assertTrue(podLabels.entrySet().containsAll(selector.entrySet()), "pod labels match the selector");
        assertNotNull(container(objects).getImage(), "image set");
        assertFalse(container(objects).getImage().endsWith(":"), "image has a tag");
        for (Service service : Chart.all(objects, Service.class)) {
            assertEquals(selector, service.getSpec().getSelector(), "Service selects the gateway pods");
        }
    }

    @ParameterizedTest
    @MethodSource("scenarios")
    void probesHitTheQuarkusHealthEndpoints(String scenario) {
        Container c = container(render(scenario));
        assertEquals("/q/health/started", c.getStartupProbe().getHttpGet().getPath());
        assertEquals("/q/health/live", c.getLivenessProbe().getHttpGet().getPath());
        assertEquals("/q/health/ready", c.getReadinessProbe().getHttpGet().getPath());
        assertEquals("http", c.getReadinessProbe().getHttpGet().getPort().getStrVal());
        assertEquals(8000, c.getPorts().get(0).getContainerPort());
    }

    @ParameterizedTest
    @MethodSource("scenarios")
    void podIsLockedDown(String scenario) {
        List<HasMetadata> objects = render(scenario);
        PodSpec pod = Chart.one(objects, Deployment.class).getSpec().getTemplate().getSpec();
        assertTrue(pod.getSecurityContext().getRunAsNonRoot());
        assertEquals("RuntimeDefault", pod.getSecurityContext().getSeccompProfile().getType());
        assertFalse(pod.getAutomountServiceAccountToken());
        var sc = container(objects).getSecurityContext();
        assertTrue(sc.getRunAsNonRoot());
        assertTrue(sc.getReadOnlyRootFilesystem());
        assertFalse(sc.getAllowPrivilegeEscalation());
        assertFalse(sc.getPrivileged());
        assertEquals(List.of("ALL"), sc.getCapabilities().getDrop());
        assertEquals("RuntimeDefault", sc.getSeccompProfile().getType());
        assertEquals("/tmp", container(objects).getVolumeMounts().get(0).getMountPath());
        assertNotNull(pod.getVolumes().get(0).getEmptyDir(), "/tmp is an emptyDir");
    }

    /** Secrets reach the pod only through secretKeyRef; no ConfigMap holds a secret key or value. */
    @ParameterizedTest
    @MethodSource("scenarios")
    void noSecretInConfigMaps(String scenario) {
        List<HasMetadata> objects = render(scenario);
        Set<String> secretValues = new HashSet<>();
        for (Secret s : Chart.all(objects, Secret.class)) {
            s.getData().values().forEach(v -> secretValues.add(new String(Base64.getDecoder().decode(v))));
        }
        for (ConfigMap cm : Chart.all(objects, ConfigMap.class)) {
            cm.getData().forEach((k, v) -> {
                assertFalse(k.matches(".*(SECRET|PASSWORD|API_KEY|PUBLIC_KEY).*"), "secret key in ConfigMap: " + k);
                assertFalse(secretValues.contains(v), "secret value in ConfigMap key " + k);
                assertFalse(v.matches("rediss?://[^/]*@.*"), "credentials in " + k);
            });
        }
        for (EnvVar env : container(objects).getEnv()) {
            if (env.getName().matches(".*(SECRET|PASSWORD|API_KEY|PUBLIC_KEY).*")) {
                assertNull(env.getValue(), env.getName() + " must come from a Secret");
                assertNotNull(env.getValueFrom().getSecretKeyRef(), env.getName() + " secretKeyRef");
            }
        }
    }

    @Test
    void defaultsRenderTheBaseObjectsOnly() {
        Set<String> kinds = render("default").stream().map(r -> r.getKind() + "/" + r.getMetadata().getName())
                .collect(Collectors.toSet());
        assertEquals(Set.of("ServiceAccount/pg-pulsegate", "ConfigMap/pg-pulsegate", "Service/pg-pulsegate",
                "Service/pg-pulsegate-internal", "Deployment/pg-pulsegate", "PodDisruptionBudget/pg-pulsegate",
                "NetworkPolicy/pg-pulsegate"), kinds);
    }

    @Test
    void productionRendersEveryOptionalObject() {
        List<HasMetadata> objects = render("production");
        HorizontalPodAutoscaler hpa = Chart.one(objects, HorizontalPodAutoscaler.class);
        assertEquals(3, hpa.getSpec().getMinReplicas());
        assertEquals(2, hpa.getSpec().getMetrics().size(), "CPU and connections");
        assertEquals("pulsegate_connections", hpa.getSpec().getMetrics().get(1).getPods().getMetric().getName());
        assertEquals(1, hpa.getSpec().getBehavior().getScaleDown().getPolicies().get(0).getValue());
        assertNull(Chart.one(objects, Deployment.class).getSpec().getReplicas(), "the HPA owns replicas");
        assertEquals(1, Chart.one(objects, PodDisruptionBudget.class).getSpec().getMaxUnavailable().getIntVal());

        Ingress ingress = Chart.one(objects, Ingress.class);
        assertEquals("3600",
                ingress.getMetadata().getAnnotations().get("nginx.ingress.kubernetes.io/proxy-read-timeout"));
        assertEquals("off", ingress.getMetadata().getAnnotations().get("nginx.ingress.kubernetes.io/proxy-buffering"));
        assertEquals("/connection", ingress.getSpec().getRules().get(0).getHttp().getPaths().get(0).getPath());
        assertEquals("pg-pulsegate-tls", ingress.getSpec().getTls().get(0).getSecretName());

        HTTPRoute route = Chart.one(objects, HTTPRoute.class);
        assertEquals("edge", route.getSpec().getParentRefs().get(0).getName());

        var monitor = Chart.generic(objects, "ServiceMonitor");
        @SuppressWarnings("unchecked")
        var endpoint = ((List<Map<String, Object>>) ((Map<String, Object>) monitor.get("spec")).get("endpoints"))
                .get(0);
        assertEquals("/q/metrics", endpoint.get("path"));
        assertEquals("http-internal", endpoint.get("port"));
        Service internal = Chart.all(objects, Service.class).stream()
                .filter(s -> s.getMetadata().getName().equals("pg-pulsegate-internal")).findFirst().orElseThrow();
        assertEquals("http-internal", internal.getSpec().getPorts().get(0).getName());

        NetworkPolicy policy = Chart.one(objects, NetworkPolicy.class);
        assertEquals(List.of("Ingress", "Egress"), policy.getSpec().getPolicyTypes());
        assertEquals(3, policy.getSpec().getIngress().get(0).getFrom().size(),
                "same namespace, ingress-nginx, monitoring");
        assertTrue(Chart.all(objects, Secret.class).isEmpty(), "existingSecret: the chart creates none");
    }

    @Test
    void redisIsAnExternalUrlWithThePasswordFromASecret() {
        List<HasMetadata> objects = render("external-redis");
        Map<String, String> data = Chart.one(objects, ConfigMap.class).getData();
        assertEquals("redis", data.get("PULSEGATE_ENGINE"));
        assertEquals("redis://redis-master.redis.svc:6379/0", data.get("PULSEGATE_REDIS_URL"));
        EnvVar password = container(objects).getEnv().stream()
                .filter(e -> e.getName().equals("PULSEGATE_REDIS_PASSWORD")).findFirst().orElseThrow();
        assertEquals("redis", password.getValueFrom().getSecretKeyRef().getName());
        assertEquals("redis-password", password.getValueFrom().getSecretKeyRef().getKey());
        assertEquals(3, Chart.one(objects, Deployment.class).getSpec().getReplicas());
        assertFalse(render("default").stream().filter(ConfigMap.class::isInstance).map(ConfigMap.class::cast)
                .anyMatch(cm -> cm.getData().containsKey("PULSEGATE_ENGINE")), "memory engine by default");
    }

    @Test
    void drainSettingsReachThePod() {
        List<HasMetadata> objects = render("default");
        Deployment d = Chart.one(objects, Deployment.class);
        assertEquals(0, d.getSpec().getStrategy().getRollingUpdate().getMaxUnavailable().getIntVal(),
                "full capacity while old pods drain");
        assertEquals(30L, d.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds());
        assertEquals(5L, container(objects).getLifecycle().getPreStop().getSleep().getSeconds());
        assertEquals("10s", Chart.one(objects, ConfigMap.class).getData().get("PULSEGATE_SHUTDOWN_DRAIN_WINDOW"));
        assertEquals(1, container(objects).getReadinessProbe().getFailureThreshold());
        assertNull(container(render("minimal")).getLifecycle(), "preStopSleepSeconds 0: no hook");
    }

    @Test
    void configChecksumFollowsTheSettings() {
        String a = Chart.one(render("default"), Deployment.class).getSpec().getTemplate().getMetadata()
                .getAnnotations().get("checksum/config");
        String b = Chart.one(render("default", "config.pingInterval", "20s"), Deployment.class).getSpec()
                .getTemplate().getMetadata().getAnnotations().get("checksum/config");
        assertEquals(64, a.length());
        assertFalse(a.equals(b), "a settings change rolls the pods");
    }
}
