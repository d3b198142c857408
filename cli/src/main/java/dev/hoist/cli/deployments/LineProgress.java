package dev.hoist.cli.deployments;

import dev.hoist.cli.output.TerminalText;
import dev.hoist.api.DeploymentView;
import java.io.PrintWriter;

/**
 * Progress as plain lines, one per change, for output that is not a terminal (CI logs, pipes,
 * files): nothing is redrawn, so every line stays true once written.
 */
public final class LineProgress implements DeploymentProgress {
    private final PrintWriter out;
    private DeploymentView previous;

    public LineProgress(PrintWriter out) {
        this.out = out;
    }

    @Override
    public void show(DeploymentView deployment) {
        for (ProgressChange change : ProgressChanges.between(previous, deployment)) {
            out.println(TerminalText.safe(change.text()));
        }
        out.flush();
        previous = deployment;
    }

    @Override
    public void close() {
        out.flush();
    }
}
