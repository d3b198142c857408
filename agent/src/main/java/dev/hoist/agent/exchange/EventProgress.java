package dev.hoist.agent.exchange;

import dev.hoist.agent.lifecycle.EventStatus;
import dev.hoist.protocol.deploy.FailureClass;
import java.time.Instant;

/**
 * A lifecycle event of a command started or ended.
 *
 * @param event the event's wire name, e.g. {@code AfterInstall}
 * @param failure when {@code FAILED}, else {@code null}
 * @param exitCode the script's, when one ran and exited, else {@code null}
 * @param startedAt {@code null} when not known (e.g. skipped)
 * @param endedAt {@code null} until it ended
 */
public record EventProgress(String commandId, String deploymentId, String event, EventStatus status,
        FailureClass failure, String message, Integer exitCode, Instant startedAt, Instant endedAt)
        implements CommandReport {
}
