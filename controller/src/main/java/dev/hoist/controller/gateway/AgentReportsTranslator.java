package dev.hoist.controller.gateway;

import dev.hoist.controller.core.deploy.AgentReports;
import dev.hoist.controller.core.traffic.RouterOutcome;
import dev.hoist.controller.core.traffic.ServerState;
import dev.hoist.controller.core.deploy.HostStatus;
import dev.hoist.protocol.v1.EventStatus;
import dev.hoist.protocol.v1.HostResult;
import dev.hoist.protocol.v1.LogLine;
import dev.hoist.protocol.v1.LogLines;
import dev.hoist.protocol.v1.RouterResult;
import dev.hoist.protocol.v1.Status;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Translates what agents report from the wire's messages into the core's records: the one place that does. */
final class AgentReportsTranslator {

    private AgentReportsTranslator() {
    }

    static AgentReports.EventReport fromWire(EventStatus status) {
        return new AgentReports.EventReport(status.getCommandId(), status.getDeploymentId(), status.getEvent(),
                fromWire(status.getStatus()), emptyToNull(status.getFailure()), status.getMessage(),
                status.getHasExitCode() ? status.getExitCode() : null, instant(status.getStartedAtUnixMillis()),
                instant(status.getEndedAtUnixMillis()));
    }

    static RouterOutcome fromWire(RouterResult result) {
        return new RouterOutcome(result.getOk(), emptyToNull(result.getFailure()), result.getMessage(),
                result.getServersList().stream().map(s -> new ServerState(s.getBackend(), s.getServer(),
                        s.getStatus(), s.getConnections(), s.getAdminState())).toList(),
                Duration.ofMillis(result.getElapsedMillis()));
    }

    static AgentReports.LogBatch fromWire(LogLines lines) {
        List<AgentReports.LogEntry> entries = lines.getLinesList().stream().map(AgentReportsTranslator::fromWire)
                .toList();
        return new AgentReports.LogBatch(lines.getCommandId(), lines.getDeploymentId(), lines.getEvent(),
                lines.getFirstLineNumber(), entries);
    }

    static AgentReports.HostOutcome fromWire(HostResult result) {
        return new AgentReports.HostOutcome(result.getCommandId(), result.getDeploymentId(),
                fromWire(result.getStatus()), emptyToNull(result.getFailure()), result.getMessage());
    }

    private static AgentReports.LogEntry fromWire(LogLine line) {
        String stream = switch (line.getStream()) {
            case STDERR -> "stderr";
            case AGENT -> "agent";
            default -> "stdout";
        };
        return new AgentReports.LogEntry(Instant.ofEpochMilli(line.getAtUnixMillis()), stream, line.getScript(),
                line.getText());
    }

    static HostStatus fromWire(Status status) {
        return switch (status) {
            case PENDING -> HostStatus.PENDING;
            case IN_PROGRESS -> HostStatus.IN_PROGRESS;
            case SUCCEEDED -> HostStatus.SUCCEEDED;
            case FAILED -> HostStatus.FAILED;
            case SKIPPED -> HostStatus.SKIPPED;
            default -> HostStatus.UNKNOWN;
        };
    }

    private static Instant instant(long unixMillis) {
        return unixMillis == 0 ? null : Instant.ofEpochMilli(unixMillis);
    }

    private static String emptyToNull(String text) {
        return text.isEmpty() ? null : text;
    }
}
