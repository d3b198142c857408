package dev.hoist.controller.core.deploy;

import dev.hoist.controller.core.traffic.RouterCall;

/**
 * Sends work to agents over their open connections. Implemented by the gateway; used by the
 * orchestrator. Both methods return at once (the write happens on the agent's event loop).
 */
public interface AgentCommands {

    /** {@code false} when the agent has no open, accepted connection on this controller. */
    boolean deploy(String agentId, HostDeployment work);

    /**
     * Asks the agent to stop the command: with {@code allowRunningHooksToFinish} the running script
     * completes and later events are Skipped, otherwise its process group is terminated.
     */
    boolean cancel(String agentId, String commandId, boolean allowRunningHooksToFinish);

    /** Tells the host's agent how the balancer step of its command's BlockTraffic or AllowTraffic went. */
    default boolean trafficStep(String agentId, String commandId, String event, boolean ok, String failure,
            String message) {
        return false;
    }

    /** Asks the agent on a load balancer's host to carry out {@code call}; its answer comes as a router result. */
    default boolean routerCall(String agentId, RouterCall call) {
        return false;
    }

    /**
     * The command (sent before a restart of this controller) is still in flight: its agent may fetch
     * {@code bundleSha256}. Sending a command grants that by itself.
     */
    default void entrust(String agentId, String commandId, String bundleSha256) {
    }

    /** The host's work for the command is over: its agent may no longer fetch the command's bundle. */
    default void withdraw(String agentId, String commandId) {
    }
}
