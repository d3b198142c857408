package dev.hoist.controller.api;

import dev.hoist.controller.core.deploy.HostEvent;
import dev.hoist.controller.core.deploy.HostRun;
import java.time.Instant;
import java.util.List;

/**
 * One host of a deployment as the API shows it.
 *
 * @param standing where it stood before: {@code UNHEALTHY}, {@code UNKNOWN_REVISION}, {@code OLD_REVISION}
 *        or {@code CURRENT_REVISION} (which decided its turn)
 */
public record DeploymentHostView(
        String deploymentId,
        String agentId,
        String hostname,
        String status,
        String standing,
        String failure,
        String message,
        String currentEvent,
        String commandId,
        Instant startedAt,
        Instant endedAt,
        Instant deadline,
        List<HostEventView> events) {

    public static DeploymentHostView of(HostRun host, List<HostEvent> events) {
        return new DeploymentHostView(host.deploymentId(), host.agentId(), host.hostname(),
                host.status().displayName(), host.standing().name(), host.failure(), host.message(),
                host.currentEvent(), host.commandId(), host.startedAt(), host.endedAt(), host.deadline(),
                events == null ? null : events.stream().map(e -> HostEventView.of(e, null)).toList());
    }
}
