package dev.hoist.controller.gateway;

import dev.hoist.controller.core.deploy.AgentReports;
import dev.hoist.protocol.v1.CommandAck;
import dev.hoist.protocol.v1.EventStatus;
import dev.hoist.protocol.v1.HostResult;
import dev.hoist.protocol.v1.LogLines;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands one agent's deployment reports to {@link AgentReports}: translated to core records here, at the
 * edge, and called on the agent's lane of the work executor, so never on an event loop and always in
 * the order the agent sent them. The agent id is the connection's (from its certificate); the caller
 * has already refused messages naming another agent.
 */
final class AgentReportRouter {
    private static final Logger LOG = LoggerFactory.getLogger(AgentReportRouter.class);

    private final AgentTaskExecutor work;
    private final AgentReports reports;
    private final GatewayMetrics metrics;

    AgentReportRouter(AgentTaskExecutor work, AgentReports reports, GatewayMetrics metrics) {
        this.work = work;
        this.reports = reports;
        this.metrics = metrics;
    }

    void connected(String agentId, List<String> pendingCommandIds) {
        List<String> pending = List.copyOf(pendingCommandIds);
        hand(agentId, "its connection", () -> reports.agentConnected(agentId, pending));
    }

    void disconnected(String agentId) {
        hand(agentId, "its disconnection", () -> reports.agentDisconnected(agentId));
    }

    void commandAck(String agentId, CommandAck ack) {
        hand(agentId, "the acknowledgement of command " + ack.getCommandId(), () -> reports.commandAcknowledged(
                agentId, ack.getCommandId(), ack.getAccepted(), ack.getMessage()));
    }

    void eventStatus(String agentId, EventStatus status) {
        AgentReports.EventReport report = AgentReportsTranslator.fromWire(status);
        hand(agentId, "event " + status.getEvent() + " of command " + status.getCommandId(),
                () -> reports.eventStatus(agentId, report));
    }

    void logLines(String agentId, LogLines lines) {
        AgentReports.LogBatch batch = AgentReportsTranslator.fromWire(lines);
        hand(agentId, "log lines of command " + lines.getCommandId(), () -> reports.logLines(agentId, batch));
    }

    /** {@code stored} runs (on the lane) once the result was taken, to acknowledge it to the agent. */
    void hostResult(String agentId, HostResult result, Consumer<String> stored) {
        AgentReports.HostOutcome outcome = AgentReportsTranslator.fromWire(result);
        hand(agentId, "the result of command " + result.getCommandId(), () -> {
            reports.hostResult(agentId, outcome);
            stored.accept(result.getCommandId());
        });
    }

    private void hand(String agentId, String what, Runnable call) {
        work.submit(agentId, () -> {
            call.run();
            return null;
        }).exceptionally(error -> {
            metrics.reportFailed();
            Throwable cause = error.getCause() == null ? error : error.getCause();
            LOG.warn("Agent {}: {} was not taken: {}", agentId, what, cause.toString());
            return null;
        });
    }
}
