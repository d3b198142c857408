package dev.hoist.agent.local;

import dev.hoist.agent.lifecycle.DeploymentListener;
import dev.hoist.agent.lifecycle.DeploymentResult;
import dev.hoist.agent.lifecycle.EventReport;
import dev.hoist.agent.lifecycle.EventStatus;
import dev.hoist.agent.state.InFlightEvent;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Human output of {@code hoist-agent local}: one line per event as it ends, with its status and
 * duration; for a failure its class and what the script printed last.
 */
final class HumanProgress implements DeploymentListener {

    private final PrintStream out;
    /** Until an event ends Succeeded or Failed, Skipped events only echo a refusal that {@link #finished} prints once. */
    private volatile boolean anyStarted;

    HumanProgress(PrintStream out) {
        this.out = out;
    }

    @Override
    public void eventChanged(EventReport report) {
        if (report.status() == EventStatus.SUCCEEDED || report.status() == EventStatus.FAILED) {
            anyStarted = true;
        }
        if (!report.status().isFinal() || (report.status() == EventStatus.SKIPPED && !anyStarted)) {
            return;
        }
        String duration = report.startedAt() == null || report.endedAt() == null ? ""
                : String.format(Locale.ROOT, "%.2f s", Duration.between(report.startedAt(), report.endedAt())
                        .toMillis() / 1000.0);
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "  %-20s %-10s %8s",
                report.event().wireName(), report.status().displayName(), duration));
        if (report.status() == EventStatus.FAILED) {
            line.append("  ").append(report.failure());
            if (report.exitCode() != null) {
                line.append(" (exit ").append(report.exitCode()).append(')');
            }
            out.println(line);
            for (String text : report.message().split("\n")) {
                out.println("      " + text);
            }
            return;
        }
        if (report.status() == EventStatus.SUCCEEDED && report.message().contains("ignoreApplicationStopFailures")) {
            line.append("  (failure ignored)");
        }
        out.println(line);
    }

    @Override
    public void interruptedEarlier(InFlightEvent event) {
        out.println("note: the previous run of this group (deployment " + event.deploymentId() + ") died during "
                + event.event() + ", started " + event.startedAt() + ": that event is FAILED_AFTER_RESTART");
    }

    void finished(DeploymentResult result, String logFile) {
        if (result.error() != null) {
            out.println((anyStarted ? "stopped: " : "refused before any event ran: ") + result.error().failure());
            for (String text : result.error().message().split("\n")) {
                out.println("  " + text);
            }
        }
        for (String warning : result.warnings()) {
            out.println("warning: " + warning);
        }
        List<String> ran = result.events().stream()
                .filter(e -> e.status() == EventStatus.SUCCEEDED || e.status() == EventStatus.FAILED)
                .map(e -> e.event().wireName())
                .toList();
        out.println("events run: " + (ran.isEmpty() ? "none" : String.join(", ", ran)));
        out.println("deployment " + result.deploymentId() + " " + (result.succeeded() ? "Succeeded" : "Failed")
                + " (script output: " + logFile + ")");
    }
}
