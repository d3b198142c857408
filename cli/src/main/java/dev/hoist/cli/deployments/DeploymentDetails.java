package dev.hoist.cli.deployments;

import dev.hoist.cli.output.TerminalText;
import dev.hoist.api.DeploymentHostView;
import dev.hoist.api.DeploymentView;
import dev.hoist.api.HostEventView;
import dev.hoist.cli.output.Humanize;
import dev.hoist.cli.output.Table;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** One deployment for {@code hoist deployment get}: its fields, then each host with a table of its events. */
public final class DeploymentDetails {
    private final Humanize humanize;

    public DeploymentDetails(Humanize humanize) {
        this.humanize = humanize;
    }

    public void print(DeploymentView deployment, PrintWriter out) {
        line(out, "ID", deployment.id());
        line(out, "Application", deployment.application());
        line(out, "Group", deployment.group());
        line(out, "Revision", deployment.revisionId());
        line(out, "Config", DeploymentJson.text(deployment.config()));
        String status = DeploymentJson.status(deployment);
        String reason = DeploymentJson.reason(deployment);
        line(out, "Status", "Ready".equals(status) && deployment.continueBy() != null ? status + ": every replacement "
                + "host is ready; the traffic switches on hoist deployment continue " + deployment.id() + ", or the "
                + "deployment is Stopped at " + time(deployment.continueBy())
                : reason == null || "Succeeded".equals(status) ? status : status + ": " + reason);
        line(out, "Creator", DeploymentJson.text(deployment.creator()));
        String rollback = DeploymentJson.text(deployment.rollbackDeploymentId());
        if (rollback != null) {
            line(out, "Rolled back by", rollback + "  (hoist deployment get " + rollback + ")");
        }
        String rollbackOf = DeploymentJson.text(deployment.rollbackOf());
        if (rollbackOf != null) {
            line(out, "Rollback of", rollbackOf);
        }
        line(out, "Created", time(deployment.createdAt()));
        line(out, "Started", time(deployment.startedAt()));
        line(out, "Ended", time(deployment.endedAt()));
        if (deployment.continueBy() != null && !"Ready".equals(status)) {
            line(out, "Continued", deployment.continuedAt() != null ? time(deployment.continuedAt())
                    : "no (it waited until " + time(deployment.continueBy()) + ")");
        }
        String took = DeploymentJson.duration(deployment.createdAt(), deployment.endedAt());
        if (took != null) {
            line(out, "Took", took);
        }
        DeploymentView.Summary summary = DeploymentJson.summary(deployment);
        line(out, "Hosts", DeploymentJson.hostsTotal(deployment) + " total: " + summary.succeeded()
                + " succeeded, " + summary.failed() + " failed, " + summary.skipped()
                + " skipped, " + summary.inProgress() + " in progress, " + summary.pending() + " pending");
        Map<String, String> labels = DeploymentJson.hostLabels(deployment);
        for (DeploymentHostView host : DeploymentJson.hosts(deployment)) {
            out.println();
            printHost(host, labels.get(host.agentId()), out);
        }
        out.flush();
    }

    private static void printHost(DeploymentHostView host, String label, PrintWriter out) {
        StringBuilder title = new StringBuilder(label);
        if (!label.contains(host.agentId())) {
            title.append(" (").append(host.agentId()).append(')');
        }
        title.append("  ").append(host.status());
        String failure = DeploymentJson.failure(host);
        if ("Failed".equals(host.status()) && !failure.isEmpty()) {
            title.append("  ").append(failure);
        }
        out.println(TerminalText.safe(title.toString()));
        List<HostEventView> hostEvents = DeploymentJson.events(host);
        if (hostEvents.isEmpty()) {
            return;
        }
        Table events = new Table("EVENT", "STATUS", "TOOK", "EXIT", "FAILURE", "MESSAGE");
        for (HostEventView event : hostEvents) {
            events.row(event.event(), event.status(), DeploymentJson.duration(event.startedAt(), event.endedAt()),
                    event.exitCode() == null ? null : event.exitCode().toString(),
                    DeploymentJson.text(event.failure()), firstLine(DeploymentJson.text(event.message())));
        }
        StringWriter table = new StringWriter();
        events.print(new PrintWriter(table));
        table.toString().lines().forEach(row -> out.println("  " + row));
    }

    private String time(Instant at) {
        String relative = humanize.relative(at);
        return relative == null ? null : at + " (" + relative + ")";
    }

    /** Event messages may quote a script's last lines; the table shows the first, the logs have the rest. */
    private static String firstLine(String message) {
        if (message == null) {
            return null;
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline) + " ...";
    }

    private static void line(PrintWriter out, String label, String value) {
        out.printf("%-15s %s%n", label + ":", value == null || value.isEmpty() ? "-" : TerminalText.safe(value));
    }
}
