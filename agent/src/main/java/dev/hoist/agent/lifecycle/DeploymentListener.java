package dev.hoist.agent.lifecycle;

import dev.hoist.agent.state.InFlightEvent;
import dev.hoist.protocol.appspec.LifecycleEvent;

/**
 * Receives a deployment's progress as it happens: the local front end prints it, the controller
 * connection sends it as {@code EventStatus} and {@code LogLines} messages. Output lines arrive on the
 * hook's reader threads (stdout and stderr at once), so implementations must be thread-safe and quick:
 * a slow listener slows the script's output.
 */
public interface DeploymentListener {

    /** An event started, or reached its final status (including {@code Skipped}). */
    default void eventChanged(EventReport report) {
    }

    /** A line of output of {@code event}: from a script, or an agent note. */
    default void outputLine(LifecycleEvent event, OutputLine line) {
    }

    /**
     * A previous run of this group died with {@code event} in flight; it is reported
     * {@code FAILED_AFTER_RESTART}.
     */
    default void interruptedEarlier(InFlightEvent event) {
    }

    /** A listener that ignores everything. */
    DeploymentListener NONE = new DeploymentListener() { };
}
