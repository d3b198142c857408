package dev.hoist.cli.deployments;

import dev.hoist.cli.output.TerminalText;
import dev.hoist.api.DeploymentHostView;
import dev.hoist.api.DeploymentView;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Progress on a terminal: a live frame (a bar of hosts done out of all, and each host in flight with
 * its current event) redrawn in place under the lines that stay: each host's outcome and every
 * failure, with its failure class and message, as it happens.
 */
public final class TerminalProgress implements DeploymentProgress {
    /** Beyond this many hosts in flight the frame says how many more there are, so it fits a screen. */
    static final int MAX_HOSTS_SHOWN = 10;
    private static final int BAR_WIDTH = 24;

    private final PrintWriter out;
    private DeploymentView previous;
    private int frameLines;

    public TerminalProgress(PrintWriter out) {
        this.out = out;
    }

    @Override
    public void show(DeploymentView deployment) {
        StringBuilder screen = new StringBuilder(clearFrame());
        for (ProgressChange change : ProgressChanges.between(previous, deployment)) {
            if (change.kind() == ProgressChange.Kind.HOST_ENDED || change.isFailure()
                    || change.kind() == ProgressChange.Kind.DEPLOYMENT) {
                String text = TerminalText.safe(change.text());
                screen.append(change.isFailure() ? red(text) : text).append('\n');
            }
        }
        List<String> frame = DeploymentJson.isFinal(deployment) ? List.of() : frame(deployment);
        frame.forEach(line -> screen.append(TerminalText.safe(line)).append('\n'));
        frameLines = frame.size();
        out.print(screen);
        out.flush();
        previous = deployment;
    }

    @Override
    public void close() {
        out.print(clearFrame());
        frameLines = 0;
        out.flush();
    }

    /** The live part: the bar, then each host in flight with its current event. */
    static List<String> frame(DeploymentView deployment) {
        List<String> lines = new ArrayList<>();
        int total = DeploymentJson.hostsTotal(deployment);
        int done = DeploymentJson.hostsDone(deployment);
        DeploymentView.Summary summary = DeploymentJson.summary(deployment);
        lines.add(bar(done, total) + "  " + done + "/" + total + " hosts done  (" + summary.succeeded()
                + " succeeded, " + summary.failed() + " failed, " + summary.inProgress() + " in progress)  "
                + DeploymentJson.status(deployment));
        Map<String, String> labels = DeploymentJson.hostLabels(deployment);
        int shown = 0;
        int more = 0;
        for (DeploymentHostView host : DeploymentJson.hosts(deployment)) {
            if (!"InProgress".equals(host.status())) {
                continue;
            }
            if (shown == MAX_HOSTS_SHOWN) {
                more++;
                continue;
            }
            String event = DeploymentJson.text(host.currentEvent());
            lines.add("  " + labels.get(host.agentId()) + "  " + (event == null ? "starting" : event));
            shown++;
        }
        if (more > 0) {
            lines.add("  ... and " + more + " more in progress");
        }
        return lines;
    }

    static String bar(int done, int total) {
        int filled = total == 0 ? 0 : done * BAR_WIDTH / total;
        return "[" + "#".repeat(filled) + "-".repeat(BAR_WIDTH - filled) + "]";
    }

    /** Moves the cursor to the start of the previous frame and erases it (ANSI CPL and ED). */
    private String clearFrame() {
        return frameLines == 0 ? "" : "\u001b[" + frameLines + "F\u001b[J";
    }

    private static String red(String text) {
        return "\u001b[31m" + text + "\u001b[0m";
    }
}
