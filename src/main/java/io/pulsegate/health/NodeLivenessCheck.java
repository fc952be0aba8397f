package io.pulsegate.health;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * Alive whenever the process answers: engine outages and draining affect readiness only, so an orchestrator never
 * restarts a node that is merely waiting for Redis.
 */
@Liveness
@ApplicationScoped
public class NodeLivenessCheck implements HealthCheck {

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.up("pulsegate-node");
    }
}
