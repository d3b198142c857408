package dev.hoist.api;

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
}
