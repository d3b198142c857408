package dev.hoist.cli.deployments;

import dev.hoist.cli.output.TerminalText;
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
        return format(line, hostLabel, false);
    }

    /**
     * @param raw print the hook's text exactly as it wrote it, control characters included (for a
     *        terminal that should interpret them); otherwise they are shown as visible escapes
     */
    public static String format(LogLineView line, String hostLabel, boolean raw) {
        String stream = line.stream() == null ? "stdout" : line.stream();
        String event = line.event() == null ? "-" : line.event();
        String prefix = "[" + hostLabel + " " + event + ("stdout".equals(stream) ? "" : " " + stream) + "] ";
        String text = line.text() == null ? "" : line.text();
        return TerminalText.safe(prefix) + (raw ? text : TerminalText.safe(text));
    }
}
