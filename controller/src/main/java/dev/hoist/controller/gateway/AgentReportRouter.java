package dev.hoist.controller.gateway;

import dev.hoist.controller.core.deploy.AgentReports;
import dev.hoist.protocol.v1.CommandAck;
import dev.hoist.protocol.v1.EventStatus;
import dev.hoist.protocol.v1.HostResult;
import dev.hoist.protocol.v1.LogLines;
import dev.hoist.protocol.v1.RouterResult;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands one agent's deployment reports to {@link AgentReports}, translated to core records here, at the
 * edge. Called on the connection's event loop, so in the order the agent sent them; the orchestrator's
 * intake only queues them, which makes this the one hand-off between a report and the store. The agent
 * id is the connection's (from its certificate); the caller has already refused messages naming another.
 * A report that cannot be handed over is dropped unacknowledged: the agent keeps it and sends it again.
 */
final class AgentReportRouter {
    private static final Logger LOG = LoggerFactory.getLogger(AgentReportRouter.class);

    private final AgentReports reports;
    private final GatewayMetrics metrics;

    AgentReportRouter(AgentReports reports, GatewayMetrics metrics) {
        this.reports = reports;
        this.metrics = metrics;
    }

    void connected(String agentId, List<String> pendingCommandIds) {
        List<String> pending = List.copyOf(pendingCommandIds);
        hand(agentId, "its connection", () -> reports.agentConnected(agentId, pending));
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

    /** {@code acknowledge} gets the command id once the result is committed, to tell the agent. */
    void hostResult(String agentId, HostResult result, Consumer<String> acknowledge) {
        AgentReports.HostOutcome outcome = AgentReportsTranslator.fromWire(result);
        String commandId = result.getCommandId();
        hand(agentId, "the result of command " + commandId,
                () -> reports.hostResult(agentId, outcome, () -> acknowledge.accept(commandId)));
    }

    void routerResult(String agentId, RouterResult result) {
        hand(agentId, "the router result " + result.getRequestId(), () -> reports.routerResult(agentId,
                result.getRequestId(), AgentReportsTranslator.fromWire(result)));
    }

    private void hand(String agentId, String what, Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            metrics.reportFailed();
            LOG.warn("Agent {}: {} was not taken (the agent sends it again): {}", agentId, what, e.toString());
        }
    }
}
