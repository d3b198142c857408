package dev.hoist.cli.deployments;

import dev.hoist.api.LogLineView;

/** How {@code hoist deployment logs} prints the controller's log lines. */
public final class LogLines {
    private LogLines() {
    }

    /**
     * {@code [web-1 ApplicationStart] text}; lines the script wrote to stderr, and the agent's own notes,
     * say so in the prefix.
     */
    public static String format(LogLineView line, String hostLabel) {
        String stream = line.stream() == null ? "stdout" : line.stream();
        String event = line.event() == null ? "-" : line.event();
        String prefix = "[" + hostLabel + " " + event + ("stdout".equals(stream) ? "" : " " + stream) + "] ";
        return prefix + (line.text() == null ? "" : line.text());
    }
}
