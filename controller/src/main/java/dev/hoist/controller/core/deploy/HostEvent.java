package dev.hoist.controller.core.deploy;

import java.time.Instant;

/**
 * One lifecycle event of one host of a deployment.
 *
 * @param failure a failure class name when {@code status} is Failed, else null
 * @param exitCode the script's exit code, when one ran
 */
public record HostEvent(
        String deploymentId,
        String agentId,
        String event,
        HostStatus status,
        String failure,
        Integer exitCode,
        String message,
        Instant startedAt,
        Instant endedAt) {

    public static HostEvent pending(String deploymentId, String agentId, String event) {
        return new HostEvent(deploymentId, agentId, event, HostStatus.PENDING, null, null, null, null, null);
    }

    /**
     * Whether a report of {@code next} for this event moves it forward. A status never goes back (a
     * late {@code InProgress} after {@code Succeeded} is dropped) and a final status is never replaced,
     * so duplicated and reordered reports are harmless.
     */
    public boolean acceptsNext(HostStatus next) {
        if (status.isFinal() || next == status) {
            return false;
        }
        return next != HostStatus.PENDING;
    }

    public HostEvent withStatus(HostStatus newStatus, String newFailure, String newMessage) {
        return new HostEvent(deploymentId, agentId, event, newStatus, newFailure, exitCode, newMessage, startedAt,
                endedAt);
    }
}
