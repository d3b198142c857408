package dev.hoist.controller.health;

import com.codahale.metrics.health.HealthCheck;
import dev.hoist.controller.gateway.AgentGateway;

/** Healthy while the agent gateway is listening. */
public final class GatewayBoundHealthCheck extends HealthCheck {
    private final AgentGateway gateway;

    public GatewayBoundHealthCheck(AgentGateway gateway) {
        this.gateway = gateway;
    }

    @Override
    protected Result check() {
        int port = gateway.boundPort();
        if (port <= 0) {
            return Result.unhealthy("the agent gateway is not listening");
        }
        return Result.healthy("listening on port " + port + " with " + gateway.connectedCount() + " agents connected");
    }
}
