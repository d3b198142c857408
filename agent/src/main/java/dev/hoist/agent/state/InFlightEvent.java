package dev.hoist.agent.state;

import java.time.Instant;

/**
 * An event that was running when the agent stopped: found in the journal at start-up, it is reported
 * {@code FAILED_AFTER_RESTART}.
 *
 * @param commandId the controller's command id, or {@code ""} for a local run
 */
public record InFlightEvent(String groupId, String deploymentId, String commandId, String event, Instant startedAt) {
}
