package dev.hoist.cli.deployments;

import dev.hoist.api.DeploymentHostView;
import dev.hoist.api.DeploymentView;
import dev.hoist.api.HostEventView;
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
    public static List<ProgressChange> between(DeploymentView previous, DeploymentView current) {
        List<ProgressChange> changes = new ArrayList<>();
        String status = DeploymentJson.status(current);
        boolean statusChanged = previous == null || !status.equals(previous.status());
        // A new status is news before what the hosts did, except the final one, which sums them up.
        boolean deploymentEnded = DeploymentJson.isFinal(current);
        if (statusChanged && !deploymentEnded) {
            changes.add(new ProgressChange(ProgressChange.Kind.DEPLOYMENT, deploymentLine(current)));
        }
        Map<String, DeploymentHostView> hostsBefore = previous == null ? Map.of() : byAgent(previous);
        Map<String, String> labels = DeploymentJson.hostLabels(current);
        int total = DeploymentJson.hostsTotal(current);
        int done = DeploymentJson.hostsDone(current);
        for (DeploymentHostView host : DeploymentJson.hosts(current)) {
            DeploymentHostView hostBefore = hostsBefore.get(host.agentId());
            String label = labels.get(host.agentId());
            eventChanges(label, hostBefore, host, changes);
            String hostStatus = host.status();
            boolean ended = "Succeeded".equals(hostStatus) || "Failed".equals(hostStatus) || "Skipped".equals(hostStatus);
            if (ended && (hostBefore == null || !hostStatus.equals(hostBefore.status()))) {
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

    /** {@code "deployment dep-1 InProgress"}, with the reason when it waits (Queued or Ready) or failed. */
    static String deploymentLine(DeploymentView deployment) {
        String line = "deployment " + deployment.id() + "  " + DeploymentJson.status(deployment);
        String reason = DeploymentJson.reason(deployment);
        String status = DeploymentJson.status(deployment);
        if (reason != null && ("Queued".equals(status) || "Failed".equals(status) || "Stopped".equals(status))) {
            line += ": " + reason;
        } else if ("Ready".equals(status) && deployment.continueBy() != null) {
            line += ": every replacement host is ready; switch the traffic with: hoist deployment continue "
                    + deployment.id() + " (by " + deployment.continueBy() + ", else the deployment is Stopped)";
        }
        return line;
    }

    private static void eventChanges(String label, DeploymentHostView hostBefore, DeploymentHostView host,
            List<ProgressChange> changes) {
        Map<String, String> statusBefore = new HashMap<>();
        if (hostBefore != null) {
            for (HostEventView event : DeploymentJson.events(hostBefore)) {
                statusBefore.put(event.event(), event.status());
            }
        }
        for (HostEventView event : DeploymentJson.events(host)) {
            String name = event.event();
            String now = event.status() == null ? "Unknown" : event.status();
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
                    String took = DeploymentJson.duration(event.startedAt(), event.endedAt());
                    changes.add(new ProgressChange(ProgressChange.Kind.EVENT_ENDED,
                            prefix + now + (took == null ? "" : " (" + took + ")")));
                }
            }
        }
    }

    private static boolean hasFailedEvent(DeploymentHostView host) {
        return DeploymentJson.events(host).stream().anyMatch(event -> "Failed".equals(event.status()));
    }

    private static Map<String, DeploymentHostView> byAgent(DeploymentView deployment) {
        Map<String, DeploymentHostView> hosts = new HashMap<>();
        for (DeploymentHostView host : DeploymentJson.hosts(deployment)) {
            hosts.put(host.agentId(), host);
        }
        return hosts;
    }
}
