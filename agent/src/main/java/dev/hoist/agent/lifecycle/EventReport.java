package dev.hoist.agent.lifecycle;

import dev.hoist.protocol.appspec.LifecycleEvent;
import dev.hoist.protocol.deploy.FailureClass;
import java.time.Instant;

/**
 * The state of one lifecycle event, as handed to a {@link DeploymentListener} at every change and kept
 * in the {@link DeploymentResult}.
 *
 * @param failure set exactly when {@code status} is {@code FAILED}
 * @param exitCode the exit code of the script that decided the outcome, or {@code null}
 * @param startedAt {@code null} until the event starts (and for a {@code Skipped} event)
 * @param endedAt {@code null} until the event ends
 */
public record EventReport(
        LifecycleEvent event,
        EventStatus status,
        FailureClass failure,
        String message,
        Integer exitCode,
        Instant startedAt,
        Instant endedAt) {

    static EventReport inProgress(LifecycleEvent event, Instant startedAt) {
        return new EventReport(event, EventStatus.IN_PROGRESS, null, "", null, startedAt, null);
    }

    static EventReport skipped(LifecycleEvent event, String why) {
        return new EventReport(event, EventStatus.SKIPPED, null, why, null, null, null);
    }
}
