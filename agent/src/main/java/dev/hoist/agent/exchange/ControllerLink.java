package dev.hoist.agent.exchange;

/**
 * The connection to the controller as the deployment work sees it: an accepted connection that takes
 * reports. The connection translates them to wire messages and numbers them.
 */
public interface ControllerLink {

    /** Sends {@code report}. May be called from any thread; never blocks on the network. */
    void send(AgentReport report);
}
