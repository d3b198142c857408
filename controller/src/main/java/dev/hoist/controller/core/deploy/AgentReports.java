package dev.hoist.controller.core.deploy;

import java.time.Instant;
import java.util.List;

/**
 * What agents report about their work. Implemented by the orchestrator; called by the gateway with the
 * agent id taken from the connection's certificate, never on an event loop, and in order per agent.
 * Every report may arrive more than once (after a reconnect): implementations are idempotent.
 */
public interface AgentReports {

    /** The agent said hello; {@code pendingCommandIds} are commands it still holds a journal for. */
    void agentConnected(String agentId, List<String> pendingCommandIds);

    /** The agent's connection closed. Its hosts in flight wait for the heartbeat deadline, then fail. */
    void agentDisconnected(String agentId);

    /** The agent accepted or refused a command. */
    void commandAcknowledged(String agentId, String commandId, boolean accepted, String message);

    /** One lifecycle event started or ended. */
    void eventStatus(String agentId, EventReport report);

    /** Output of hook scripts, in order; {@code firstLineNumber} lets duplicates be dropped. */
    void logLines(String agentId, LogBatch batch);

    /** The command finished on the host. */
    void hostResult(String agentId, HostOutcome outcome);

    /**
     * @param failure a failure class name when {@code status} is FAILED, else null
     * @param exitCode the script's exit code, when one ran
     */
    record EventReport(String commandId, String deploymentId, String event, HostStatus status, String failure,
            String message, Integer exitCode, Instant startedAt, Instant endedAt) {
    }

    record LogBatch(String commandId, String deploymentId, String event, long firstLineNumber,
            List<LogEntry> lines) {
        public LogBatch {
            lines = List.copyOf(lines);
        }
    }

    /** @param stream {@code stdout}, {@code stderr} or {@code agent} */
    record LogEntry(Instant at, String stream, String script, String text) {
    }

    /** @param status SUCCEEDED or FAILED */
    record HostOutcome(String commandId, String deploymentId, HostStatus status, String failure, String message) {
    }
}
