package dev.hoist.controller.gateway;

import dev.hoist.controller.core.AgentConnections;
import io.dropwizard.lifecycle.Managed;

/** The Netty server agents connect to: mutual TLS for agents, enrollment at the same port. */
public final class AgentGateway implements Managed, AgentConnections {

    @Override
    public void start() {
        // placeholder until the gateway lands
    }

    @Override
    public void stop() {
    }

    /** The port actually bound (useful with port 0 in tests); -1 before start. */
    public int boundPort() {
        return -1;
    }

    @Override
    public boolean isConnected(String agentId) {
        return false;
    }

    @Override
    public void disconnect(String agentId, String reason) {
    }

    @Override
    public int connectedCount() {
        return 0;
    }
}
