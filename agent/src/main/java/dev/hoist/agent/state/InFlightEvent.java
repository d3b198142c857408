package dev.hoist.agent.state;

import java.time.Instant;

/**
 * An event that was running when the agent stopped: found in the journal at start-up, it is reported
 * {@code FAILED_AFTER_RESTART}, once the hook it was running (if any) has been stopped.
 *
 * @param commandId the controller's command id, or {@code ""} for a local run
 * @param processGroup the process group of the hook that was running, or 0 when none had started
 * @param processToken what identifies that group's leader beyond its id (boot id and start time), so a
 *     restart never signals a group whose id was reused; {@code ""} when unknown
 */
public record InFlightEvent(String groupId, String deploymentId, String commandId, String event, Instant startedAt,
        long processGroup, String processToken) {

    public InFlightEvent(String groupId, String deploymentId, String commandId, String event, Instant startedAt) {
        this(groupId, deploymentId, commandId, event, startedAt, 0, "");
    }

    /** The same event, now running the hook whose process group is {@code pgid}. */
    public InFlightEvent runningHook(long pgid, String token) {
        return new InFlightEvent(groupId, deploymentId, commandId, event, startedAt, pgid, token);
    }
}
