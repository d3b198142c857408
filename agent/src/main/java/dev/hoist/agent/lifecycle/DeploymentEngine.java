package dev.hoist.agent.lifecycle;

/**
 * What runs a deployment's events on this host once the bundle is in hand. {@link DeploymentRunner} is
 * the one {@code hoist-agent run} and {@code hoist-agent local} use; the fleet simulator
 * ({@code bench/}) gives the daemon's deployment work an engine that only simulates the hooks, so thousands
 * of agents in one process exercise the agent's own command, report and connection code.
 *
 * <p>Contract: as {@link DeploymentRunner#run(DeploymentRequest, DeploymentListener, Cancellation, EventGate)}:
 * runs on a deployment's worker thread, reports every event through {@code listener}, asks {@code gate}
 * after each event that succeeded, and never throws for anything a revision does.
 */
@FunctionalInterface
public interface DeploymentEngine {

    DeploymentResult run(DeploymentRequest request, DeploymentListener listener, Cancellation cancellation,
            EventGate gate);
}
