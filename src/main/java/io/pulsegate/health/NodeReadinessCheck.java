package io.pulsegate.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import io.pulsegate.node.Node;

/** Ready while the node is started and not draining: a draining node must stop receiving new connections. */
@Readiness
@ApplicationScoped
public class NodeReadinessCheck implements HealthCheck {

    @Inject
    Node node;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("pulsegate-node").status(node.ready())
                .withData("node", node.id())
                .withData("draining", node.draining())
                .withData("engine", node.engineHealthy() ? "up" : "down")
                .withData("connections", node.connectionCount())
                .build();
    }
}
