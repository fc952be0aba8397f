package io.pulsegate.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Startup;

import io.pulsegate.node.Node;

/** Started once the node has wired its engine and accepts connections. */
@Startup
@ApplicationScoped
public class NodeStartupCheck implements HealthCheck {

    @Inject
    Node node;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("pulsegate-node").status(node.started()).build();
    }
}
