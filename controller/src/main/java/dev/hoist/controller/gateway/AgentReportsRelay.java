package dev.hoist.controller.gateway;

import dev.hoist.controller.core.deploy.AgentReports;
import dev.hoist.controller.core.traffic.RouterOutcome;
import dev.hoist.controller.core.traffic.RouterResults;
import java.util.List;
import java.util.Objects;

/**
 * Lets the gateway be built before whoever takes agents' reports (the orchestrator needs the gateway
 * to send commands, and the gateway needs somewhere to pass reports): the composition root builds the
 * gateway with this relay, then {@link #bindTo binds} it once the orchestrator exists. A report that
 * arrives before the binding fails (and is not acknowledged, so the agent sends it again later).
 */
public final class AgentReportsRelay implements AgentReports {
    private volatile AgentReports target;
    private volatile RouterResults routerResults;

    /** Sends every later router result to {@code results}. */
    public void bindRouterResults(RouterResults results) {
        this.routerResults = Objects.requireNonNull(results, "results");
    }

    @Override
    public void routerResult(String agentId, String requestId, RouterOutcome outcome) {
        RouterResults bound = routerResults;
        if (bound != null) {
            bound.routerResult(agentId, requestId, outcome);
        }
    }

    /** Sends every later report to {@code reports}. */
    public void bindTo(AgentReports reports) {
        this.target = Objects.requireNonNull(reports, "reports");
    }

    private AgentReports target() {
        AgentReports bound = target;
        if (bound == null) {
            throw new IllegalStateException("no orchestrator takes agents' reports yet (the relay is not bound); "
                    + "the report is refused and the agent sends it again after its next connection");
        }
        return bound;
    }

    @Override
    public void agentConnected(String agentId, List<String> pendingCommandIds) {
        target().agentConnected(agentId, pendingCommandIds);
    }

    @Override
    public void commandAcknowledged(String agentId, String commandId, boolean accepted, String message) {
        target().commandAcknowledged(agentId, commandId, accepted, message);
    }

    @Override
    public void eventStatus(String agentId, EventReport report) {
        target().eventStatus(agentId, report);
    }

    @Override
    public void logLines(String agentId, LogBatch batch) {
        target().logLines(agentId, batch);
    }

    @Override
    public void hostResult(String agentId, HostOutcome outcome, Runnable acknowledge) {
        target().hostResult(agentId, outcome, acknowledge);
    }
}
