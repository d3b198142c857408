package dev.hoist.cli.deployments;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads the controller's deployment objects (see docs/api.md) for the renderers: statuses, host
 * labels, counts and durations. Pure functions of the JSON.
 */
public final class DeploymentJson {
    private DeploymentJson() {
    }

    /** {@code Succeeded}, {@code Failed} and {@code Stopped} never change again. */
    public static boolean isFinal(JsonNode deployment) {
        String status = status(deployment);
        return "Succeeded".equals(status) || "Failed".equals(status) || "Stopped".equals(status);
    }

    public static String status(JsonNode deployment) {
        return deployment.path("status").asText("Unknown");
    }

    /** A field's text, or {@code null} when it is missing, null or empty. */
    public static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        if (value.isMissingNode() || value.isNull()) {
            return null;
        }
        String text = value.asText();
        return text.isEmpty() ? null : text;
    }

    /** Why a deployment waits ({@code Queued}), failed or stopped: the controller's {@code error}. */
    public static String reason(JsonNode deployment) {
        return text(deployment, "error");
    }

    /**
     * A short name per host: its hostname when that is unique within the deployment, else the
     * hostname with the agent id (several agents on one machine share a hostname).
     */
    public static Map<String, String> hostLabels(JsonNode deployment) {
        Map<String, Integer> counts = new HashMap<>();
        for (JsonNode host : deployment.path("hosts")) {
            counts.merge(host.path("hostname").asText(""), 1, Integer::sum);
        }
        Map<String, String> labels = new LinkedHashMap<>();
        for (JsonNode host : deployment.path("hosts")) {
            String agentId = host.path("agentId").asText();
            String hostname = host.path("hostname").asText("");
            labels.put(agentId, hostname.isEmpty() ? agentId
                    : counts.get(hostname) > 1 ? hostname + "/" + agentId : hostname);
        }
        return labels;
    }

    /** Hosts whose outcome is known: succeeded, failed or skipped. */
    public static int hostsDone(JsonNode deployment) {
        JsonNode summary = deployment.path("summary");
        return summary.path("succeeded").asInt() + summary.path("failed").asInt() + summary.path("skipped").asInt();
    }

    public static int hostsTotal(JsonNode deployment) {
        JsonNode summary = deployment.path("summary");
        return summary.has("total") ? summary.path("total").asInt() : deployment.path("hosts").size();
    }

    /** {@code "SCRIPT_FAILED (exit 1): message"}, or whatever part of it the node has. */
    public static String failure(JsonNode hostOrEvent) {
        String failure = text(hostOrEvent, "failure");
        String message = text(hostOrEvent, "message");
        StringBuilder text = new StringBuilder(failure == null ? "" : failure);
        JsonNode exit = hostOrEvent.path("exitCode");
        if (exit.isNumber() && exit.asInt() != 0) {
            text.append(text.length() == 0 ? "" : " ").append("(exit ").append(exit.asInt()).append(')');
        }
        if (message != null) {
            text.append(text.length() == 0 ? "" : ": ").append(message);
        }
        return text.toString();
    }

    /** Time between two ISO instants as {@code 0.4s}, {@code 12s}, {@code 3m05s}; {@code null} when unknown. */
    public static String duration(JsonNode start, JsonNode end) {
        Instant from = instant(start);
        Instant to = instant(end);
        if (from == null || to == null) {
            return null;
        }
        return duration(Duration.between(from, to));
    }

    public static String duration(Duration duration) {
        long millis = Math.max(0, duration.toMillis());
        if (millis < 10_000) {
            return String.format("%.1fs", millis / 1000.0);
        }
        long seconds = millis / 1000;
        if (seconds < 60) {
            return seconds + "s";
        }
        if (seconds < 3600) {
            return String.format("%dm%02ds", seconds / 60, seconds % 60);
        }
        return String.format("%dh%02dm", seconds / 3600, seconds % 3600 / 60);
    }

    static Instant instant(JsonNode node) {
        if (node == null || !node.isTextual()) {
            return null;
        }
        try {
            return Instant.parse(node.asText());
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
