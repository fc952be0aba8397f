package io.pulsegate.health;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import io.pulsegate.consumer.Consumers;

/** Down while a consumer that counts for readiness ({@code affects-readiness}) cannot reach its source. */
@Readiness
@ApplicationScoped
public class ConsumersReadinessCheck implements HealthCheck {

    @Inject
    Consumers consumers;

    @Override
    public HealthCheckResponse call() {
        List<String> down = consumers.disconnected();
        return HealthCheckResponse.named("pulsegate-consumers").status(down.isEmpty())
                .withData("running", consumers.running().size())
                .withData("disconnected", String.join(",", down))
                .build();
    }
}
