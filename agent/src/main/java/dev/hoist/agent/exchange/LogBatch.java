package dev.hoist.agent.exchange;

import dev.hoist.agent.lifecycle.OutputLine;
import java.util.List;

/**
 * Consecutive output lines of one event of a command, numbered per command from 1 so that the controller
 * can drop the duplicates a resend brings.
 */
public record LogBatch(String commandId, String deploymentId, String event, long firstLineNumber,
        List<OutputLine> lines) implements CommandReport {

    public LogBatch {
        lines = List.copyOf(lines);
    }
}
