package dev.hoist.cli.deployments;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What changed between two snapshots of one deployment, as lines for people. A pure function, so a
 * poll that missed intermediate states (an event that started and ended between two polls) still
 * reports where each host got to, never a state twice.
 */
public final class ProgressChanges {
    private ProgressChanges() {
    }

    /** The changes from {@code previous} (or nothing, for the first snapshot) to {@code current}. */
    public static List<ProgressChange> between(JsonNode previous, JsonNode current) {
        List<ProgressChange> changes = new ArrayList<>();
        JsonNode before = previous == null ? MissingNode.getInstance() : previous;
        String status = DeploymentJson.status(current);
        boolean statusChanged = !status.equals(before.path("status").asText(null));
        // A new status is news before what the hosts did, except the final one, which sums them up.
        boolean deploymentEnded = DeploymentJson.isFinal(current);
        if (statusChanged && !deploymentEnded) {
            changes.add(new ProgressChange(ProgressChange.Kind.DEPLOYMENT, deploymentLine(current)));
        }
        Map<String, JsonNode> hostsBefore = byAgent(before);
        Map<String, String> labels = DeploymentJson.hostLabels(current);
        int total = DeploymentJson.hostsTotal(current);
        int done = DeploymentJson.hostsDone(current);
        for (JsonNode host : current.path("hosts")) {
            String agentId = host.path("agentId").asText();
            JsonNode hostBefore = hostsBefore.getOrDefault(agentId, MissingNode.getInstance());
            String label = labels.get(agentId);
            eventChanges(label, hostBefore, host, changes);
            String hostStatus = host.path("status").asText();
            boolean ended = "Succeeded".equals(hostStatus) || "Failed".equals(hostStatus) || "Skipped".equals(hostStatus);
            if (ended && !hostStatus.equals(hostBefore.path("status").asText(null))) {
                String line = label + "  " + hostStatus + "  [" + done + "/" + total + " hosts done]";
                if ("Failed".equals(hostStatus) && !hasFailedEvent(host)) {
                    // A host can fail without a failed event (AGENT_LOST, a refused command): say why here.
                    line += "  " + DeploymentJson.failure(host);
                }
                changes.add(new ProgressChange(ProgressChange.Kind.HOST_ENDED, line));
            }
        }
        if (statusChanged && deploymentEnded) {
            changes.add(new ProgressChange(ProgressChange.Kind.DEPLOYMENT, deploymentLine(current)));
        }
        return changes;
    }

    /** {@code "deployment dep-1 InProgress"}, with the reason when it waits or failed. */
    static String deploymentLine(JsonNode deployment) {
        String line = "deployment " + deployment.path("id").asText() + "  " + DeploymentJson.status(deployment);
        String reason = DeploymentJson.reason(deployment);
        String status = DeploymentJson.status(deployment);
        if (reason != null && ("Queued".equals(status) || "Failed".equals(status) || "Stopped".equals(status))) {
            line += ": " + reason;
        }
        return line;
    }

    private static void eventChanges(String label, JsonNode hostBefore, JsonNode host, List<ProgressChange> changes) {
        Map<String, String> statusBefore = new HashMap<>();
        for (JsonNode event : hostBefore.path("events")) {
            statusBefore.put(event.path("event").asText(), event.path("status").asText());
        }
        for (JsonNode event : host.path("events")) {
            String name = event.path("event").asText();
            String now = event.path("status").asText();
            String then = statusBefore.getOrDefault(name, "Pending");
            if (now.equals(then) || "Pending".equals(now) || "Unknown".equals(now)) {
                continue;
            }
            String prefix = label + "  " + name + "  ";
            switch (now) {
                case "InProgress" -> changes.add(new ProgressChange(ProgressChange.Kind.EVENT_STARTED,
                        prefix + "started"));
                case "Failed" -> changes.add(new ProgressChange(ProgressChange.Kind.EVENT_FAILED,
                        prefix + "Failed  " + DeploymentJson.failure(event)));
                case "Skipped" -> {
                    // The events after a failure are all Skipped: the failure line says enough.
                }
                default -> {
                    String took = DeploymentJson.duration(event.path("startedAt"), event.path("endedAt"));
                    changes.add(new ProgressChange(ProgressChange.Kind.EVENT_ENDED,
                            prefix + now + (took == null ? "" : " (" + took + ")")));
                }
            }
        }
    }

    private static boolean hasFailedEvent(JsonNode host) {
        for (JsonNode event : host.path("events")) {
            if ("Failed".equals(event.path("status").asText())) {
                return true;
            }
        }
        return false;
    }

    private static Map<String, JsonNode> byAgent(JsonNode deployment) {
        Map<String, JsonNode> hosts = new HashMap<>();
        for (JsonNode host : deployment.path("hosts")) {
            hosts.put(host.path("agentId").asText(), host);
        }
        return hosts;
    }
}
