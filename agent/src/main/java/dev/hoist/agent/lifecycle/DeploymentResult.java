package dev.hoist.agent.lifecycle;

import dev.hoist.agent.state.InFlightEvent;
import dev.hoist.protocol.deploy.FailureClass;
import java.util.List;
import java.util.Optional;

/**
 * How a deployment ended on this host.
 *
 * @param events every planned event in order, each {@code Succeeded}, {@code Failed} or {@code Skipped}
 * @param error a refusal before any event ran (the revision could not be used, the group was busy):
 *     then no event is {@code Failed} and every event is {@code Skipped}; {@code null} otherwise
 * @param warnings AppSpec warnings and notes worth a user's attention
 * @param interruptedEarlier a previous run of the group that died mid-event, reported
 *     {@code FAILED_AFTER_RESTART}
 */
public record DeploymentResult(
        String deploymentId,
        boolean succeeded,
        List<EventReport> events,
        Error error,
        List<String> warnings,
        Optional<InFlightEvent> interruptedEarlier) {

    public DeploymentResult {
        events = List.copyOf(events);
        warnings = List.copyOf(warnings);
    }

    /** A failure before the first event. */
    public record Error(FailureClass failure, String message) {
    }

    /** The first failed event, if any. */
    public Optional<EventReport> firstFailure() {
        return events.stream().filter(e -> e.status() == EventStatus.FAILED).findFirst();
    }
}
