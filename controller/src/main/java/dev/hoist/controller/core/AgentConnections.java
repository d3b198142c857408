package dev.hoist.controller.core;

/** The live agent connections, as the rest of the controller may see and act on them. */
public interface AgentConnections {

    boolean isConnected(String agentId);

    /** Closes the agent's connection, if it has one, logging {@code reason}. Returns at once. */
    void disconnect(String agentId, String reason);

    /**
     * The agent was revoked: it is told so on its open connection (so it stops the work it runs for this
     * controller) and the connection is closed. Returns at once.
     */
    void revoked(String agentId, String reason);

    int connectedCount();
}
