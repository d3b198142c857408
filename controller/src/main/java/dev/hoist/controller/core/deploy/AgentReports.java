package dev.hoist.controller.core.deploy;

import dev.hoist.controller.core.traffic.RouterOutcome;
import java.time.Instant;
import java.util.List;

/**
 * What agents report about their work. Implemented by the orchestrator; called by the gateway with the
 * agent id taken from the connection's certificate, in the order the agent sent them (straight from the
 * connection's event loop: implementations only queue, they never block). Every report may arrive more
 * than once, after a reconnect or a controller restart: implementations apply each report once.
 *
 * <p>Nothing is durable when a call returns. What an agent may forget is told by the {@code acknowledge}
 * callback of {@link #hostResult}, which runs only after the commit that stored the result and every
 * report the agent sent before it.
 */
public interface AgentReports {

    /** The agent said hello; {@code pendingCommandIds} are commands it still holds a journal for. */
    void agentConnected(String agentId, List<String> pendingCommandIds);

    /** The agent accepted or refused a command. */
    void commandAcknowledged(String agentId, String commandId, boolean accepted, String message);

    /** One lifecycle event started or ended. */
    void eventStatus(String agentId, EventReport report);

    /** Output of hook scripts, in order; {@code firstLineNumber} lets duplicates be dropped. */
    void logLines(String agentId, LogBatch batch);

    /**
     * The command finished on the host. {@code acknowledge} runs once the result, and everything the
     * agent reported before it, is committed (also when the result was a duplicate, or names a command
     * that has already ended): only then may the agent forget the command. It never runs when the store
     * cannot take the result; the agent then keeps it and sends it again.
     */
    void hostResult(String agentId, HostOutcome outcome, Runnable acknowledge);

    /** The agent on a load balancer's host answered a router call; ignored unless someone waits for it. */
    default void routerResult(String agentId, String requestId, RouterOutcome outcome) {
    }

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
