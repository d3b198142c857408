package dev.hoist.cli.deployments;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hoist.cli.output.Humanize;
import dev.hoist.cli.output.Table;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;

/** One deployment for {@code hoist deployment get}: its fields, then each host with a table of its events. */
public final class DeploymentDetails {
    private final Humanize humanize;

    public DeploymentDetails(Humanize humanize) {
        this.humanize = humanize;
    }

    public void print(JsonNode deployment, PrintWriter out) {
        line(out, "ID", deployment.path("id").asText());
        line(out, "Application", deployment.path("application").asText());
        line(out, "Group", deployment.path("group").asText());
        line(out, "Revision", deployment.path("revisionId").asText());
        line(out, "Config", DeploymentJson.text(deployment, "config"));
        String status = DeploymentJson.status(deployment);
        String reason = DeploymentJson.reason(deployment);
        line(out, "Status", reason == null || "Succeeded".equals(status) ? status : status + ": " + reason);
        line(out, "Creator", DeploymentJson.text(deployment, "creator"));
        String rollback = DeploymentJson.text(deployment, "rollbackDeploymentId");
        if (rollback != null) {
            line(out, "Rolled back by", rollback + "  (hoist deployment get " + rollback + ")");
        }
        String rollbackOf = DeploymentJson.text(deployment, "rollbackOf");
        if (rollbackOf != null) {
            line(out, "Rollback of", rollbackOf);
        }
        line(out, "Created", time(deployment.path("createdAt")));
        line(out, "Started", time(deployment.path("startedAt")));
        line(out, "Ended", time(deployment.path("endedAt")));
        String took = DeploymentJson.duration(deployment.path("createdAt"), deployment.path("endedAt"));
        if (took != null) {
            line(out, "Took", took);
        }
        JsonNode summary = deployment.path("summary");
        line(out, "Hosts", DeploymentJson.hostsTotal(deployment) + " total: " + summary.path("succeeded").asInt()
                + " succeeded, " + summary.path("failed").asInt() + " failed, " + summary.path("skipped").asInt()
                + " skipped, " + summary.path("inProgress").asInt() + " in progress, "
                + summary.path("pending").asInt() + " pending");
        Map<String, String> labels = DeploymentJson.hostLabels(deployment);
        for (JsonNode host : deployment.path("hosts")) {
            out.println();
            printHost(host, labels.get(host.path("agentId").asText()), out);
        }
        out.flush();
    }

    private static void printHost(JsonNode host, String label, PrintWriter out) {
        StringBuilder title = new StringBuilder(label);
        if (!label.contains(host.path("agentId").asText())) {
            title.append(" (").append(host.path("agentId").asText()).append(')');
        }
        title.append("  ").append(host.path("status").asText());
        String failure = DeploymentJson.failure(host);
        if ("Failed".equals(host.path("status").asText()) && !failure.isEmpty()) {
            title.append("  ").append(failure);
        }
        out.println(title);
        if (host.path("events").isEmpty()) {
            return;
        }
        Table events = new Table("EVENT", "STATUS", "TOOK", "EXIT", "FAILURE", "MESSAGE");
        for (JsonNode event : host.path("events")) {
            JsonNode exit = event.path("exitCode");
            events.row(event.path("event").asText(), event.path("status").asText(),
                    DeploymentJson.duration(event.path("startedAt"), event.path("endedAt")),
                    exit.isNumber() ? exit.asText() : null, DeploymentJson.text(event, "failure"),
                    firstLine(DeploymentJson.text(event, "message")));
        }
        StringWriter table = new StringWriter();
        events.print(new PrintWriter(table));
        table.toString().lines().forEach(row -> out.println("  " + row));
    }

    private String time(JsonNode at) {
        String relative = humanize.relative(at);
        return relative == null ? null : at.asText() + " (" + relative + ")";
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
        out.printf("%-15s %s%n", label + ":", value == null || value.isEmpty() ? "-" : value);
    }
}
