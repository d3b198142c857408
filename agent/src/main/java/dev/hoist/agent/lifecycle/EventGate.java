package dev.hoist.agent.lifecycle;

import dev.hoist.protocol.appspec.LifecycleEvent;
import dev.hoist.protocol.deploy.FailureClass;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Decides, after an event succeeded, whether its success stands: the controller's health gate after
 * {@code ValidateService} is one. A refusal fails the event with the refusal's failure class, so the
 * later events are {@code Skipped} as after any failed event.
 *
 * <p>Contract: runs on the deployment's thread while the event is still in flight; blocking is fine,
 * but it must end by itself (bounded by its own timeouts) and give up promptly when
 * {@code cancellation} is cancelled. It never throws for anything the host does.
 */
@FunctionalInterface
public interface EventGate {

    /** A gate that lets every event stand. */
    EventGate NONE = (event, note, cancellation) -> Optional.empty();

    /**
     * @param note writes a line to the event's log
     * @return empty when the event's success stands, else why not
     */
    Optional<Refusal> check(LifecycleEvent event, Consumer<String> note, Cancellation cancellation);

    /** Why an event that succeeded is failed after all. */
    record Refusal(FailureClass failure, String message) {
    }
}
