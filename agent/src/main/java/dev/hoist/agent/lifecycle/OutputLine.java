package dev.hoist.agent.lifecycle;

import java.time.Instant;

/**
 * One line of output, as it came.
 *
 * @param script the hook location it came from, or {@code ""} for the agent's own notes
 */
public record OutputLine(Instant at, Stream stream, String script, String text) {

    /** Where a line came from; {@code AGENT} lines are the agent's notes about the event. */
    public enum Stream { STDOUT, STDERR, AGENT }
}
