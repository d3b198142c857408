package dev.hoist.cli.deployments;

import dev.hoist.api.DeploymentHostView;
import dev.hoist.api.DeploymentView;
import dev.hoist.api.HostEventView;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the controller's deployments ({@link DeploymentView}, docs/api.md) for the renderers: statuses,
 * host labels, counts and durations. Pure functions; a field an older controller did not send reads as
 * absent, never as an error.
 */
public final class DeploymentJson {
    private DeploymentJson() {
    }

    /** {@code Succeeded}, {@code Failed} and {@code Stopped} never change again. */
    public static boolean isFinal(DeploymentView deployment) {
        String status = status(deployment);
        return "Succeeded".equals(status) || "Failed".equals(status) || "Stopped".equals(status);
    }

    public static String status(DeploymentView deployment) {
        return deployment.status() == null ? "Unknown" : deployment.status();
    }

    /** {@code text}, or {@code null} when it is null or empty. */
    public static String text(String text) {
        return text == null || text.isEmpty() ? null : text;
    }

    /** Why a deployment waits ({@code Queued}), failed or stopped: the controller's {@code error}. */
    public static String reason(DeploymentView deployment) {
        return text(deployment.error());
    }

    /** The deployment's hosts; none when it was read from a list, which carries the summary only. */
    public static List<DeploymentHostView> hosts(DeploymentView deployment) {
        return deployment.hosts() == null ? List.of() : deployment.hosts();
    }

    public static List<HostEventView> events(DeploymentHostView host) {
        return host.events() == null ? List.of() : host.events();
    }

    /**
     * A short name per host: its hostname when that is unique within the deployment, else the
     * hostname with the agent id (several agents on one machine share a hostname).
     */
    public static Map<String, String> hostLabels(DeploymentView deployment) {
        Map<String, Integer> counts = new HashMap<>();
        for (DeploymentHostView host : hosts(deployment)) {
            counts.merge(hostname(host), 1, Integer::sum);
        }
        Map<String, String> labels = new LinkedHashMap<>();
        for (DeploymentHostView host : hosts(deployment)) {
            String agentId = host.agentId();
            String hostname = hostname(host);
            labels.put(agentId, hostname.isEmpty() ? agentId
                    : counts.get(hostname) > 1 ? hostname + "/" + agentId : hostname);
        }
        return labels;
    }

    private static String hostname(DeploymentHostView host) {
        return host.hostname() == null ? "" : host.hostname();
    }

    /** Hosts whose outcome is known: succeeded, failed or skipped. */
    public static int hostsDone(DeploymentView deployment) {
        DeploymentView.Summary summary = deployment.summary();
        return summary == null ? 0 : summary.succeeded() + summary.failed() + summary.skipped();
    }

    public static int hostsTotal(DeploymentView deployment) {
        DeploymentView.Summary summary = deployment.summary();
        return summary != null ? summary.total() : hosts(deployment).size();
    }

    /** The deployment's host counts; all zero when the controller sent none. */
    public static DeploymentView.Summary summary(DeploymentView deployment) {
        return deployment.summary() == null ? new DeploymentView.Summary(0, 0, 0, 0, 0, 0) : deployment.summary();
    }

    /** {@code "AGENT_LOST: message"}, or whatever part of it the host has. */
    public static String failure(DeploymentHostView host) {
        return failure(host.failure(), null, host.message());
    }

    /** {@code "SCRIPT_FAILED (exit 1): message"}, or whatever part of it the event has. */
    public static String failure(HostEventView event) {
        return failure(event.failure(), event.exitCode(), event.message());
    }

    private static String failure(String failureClass, Integer exitCode, String messageText) {
        String failure = text(failureClass);
        String message = text(messageText);
        StringBuilder text = new StringBuilder(failure == null ? "" : failure);
        if (exitCode != null && exitCode != 0) {
            text.append(text.length() == 0 ? "" : " ").append("(exit ").append(exitCode).append(')');
        }
        if (message != null) {
            text.append(text.length() == 0 ? "" : ": ").append(message);
        }
        return text.toString();
    }

    /** Time between two instants as {@code 0.4s}, {@code 12s}, {@code 3m05s}; {@code null} when unknown. */
    public static String duration(Instant from, Instant to) {
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
}
