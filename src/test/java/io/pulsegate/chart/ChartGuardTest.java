package io.pulsegate.chart;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The template guards and the values schema refuse settings that cannot work. */
class ChartGuardTest {

    private static String rejection(Object... sets) {
        Exception e = assertThrows(Exception.class, () -> Chart.template(null, sets));
        return e.getMessage();
    }

    @Test
    void gracePeriodMustCoverPreStopPlusDrainWindow() {
        String message = rejection("terminationGracePeriodSeconds", 19, "drain.preStopSleepSeconds", 5,
                "drain.windowSeconds", 10, "drain.shutdownSlackSeconds", 5);
        assertTrue(message.contains("terminationGracePeriodSeconds (19) must be at least"), message);
        assertTrue(message.contains("(5 + 10 + 5 = 20)"), message);
        // exactly the budget is enough
        assertDoesNotThrow(() -> Chart.template(null, "terminationGracePeriodSeconds", 20));
        // drain window + preStop with no slack: the boundary is grace == drain + preStop
        assertDoesNotThrow(() -> Chart.template(null, "terminationGracePeriodSeconds", 15,
                "drain.shutdownSlackSeconds", 0));
        assertTrue(rejection("terminationGracePeriodSeconds", 14, "drain.shutdownSlackSeconds", 0)
                .contains("must be at least"));
        // a longer drain window needs a longer grace period
        assertTrue(rejection("drain.windowSeconds", 60).contains("(5 + 60 + 5 = 70)"));
    }

    @Test
    void secretsStayOutOfTheConfigMap() {
        assertTrue(rejection("config.env.PULSEGATE_API_KEY", "k").contains("looks like a secret"));
        assertTrue(rejection("config.env.PULSEGATE_TOKEN_HMAC_SECRET", "s").contains("looks like a secret"));
        assertTrue(rejection("config.env.PULSEGATE_REDIS_PASSWORD", "p").contains("looks like a secret"));
        String url = rejection("redis.enabled", true, "redis.url", "redis://:hunter2@redis:6379");
        assertTrue(url.contains("redis.url"), url);
    }

    @Test
    void inconsistentSettingsFail() {
        assertTrue(rejection("redis.enabled", true).contains("redis.enabled needs redis.url"));
        assertTrue(rejection("httpRoute.enabled", true).contains("httpRoute.parentRefs"));
        assertTrue(rejection("secrets.create", true, "secrets.existingSecret", "x").contains("mutually exclusive"));
        assertTrue(rejection("metrics.serviceMonitor.enabled", true, "internalService.enabled", false)
                .contains("internalService"));
    }

    @Test
    void schemaRejectsBadValues() {
        assertTrue(rejection("replicaCount", 0).contains("replicaCount"));
        assertTrue(rejection("image.pullPolicy", "Sometimes").contains("image.pullPolicy"));
        assertTrue(rejection("replica", 2).contains("Additional property replica is not allowed"));
        assertTrue(rejection("config.allowedOrigins[0]", "app.example.com").contains("allowedOrigins"));
        assertTrue(rejection("config.env.lowercase", "x").contains("env"));
        assertTrue(rejection("ingress.pathType", "Prefixx").contains("pathType"));
    }
}
