package dev.hoist.agent.deploy;

import java.util.List;

/**
 * What this agent remembers of one command of the controller, across restarts: whether it was accepted,
 * whether it still runs, its result, and whether the controller has acknowledged that result.
 *
 * @param state {@link #RUNNING}, {@link #FINISHED} or {@link #REFUSED}
 * @param ackMessage the {@code CommandAck} message given (why it was refused), repeated on redelivery
 * @param events the lifecycle events the command asked for, in order
 * @param resultStatus {@code SUCCEEDED} or {@code FAILED} once finished, else {@code null}
 * @param resultAcknowledged whether the controller has taken the result in ({@code HostResultAck})
 */
public record CommandRecord(
        String commandId,
        String deploymentId,
        String groupId,
        List<String> events,
        String state,
        String ackMessage,
        String resultStatus,
        String resultFailure,
        String resultMessage,
        boolean resultAcknowledged,
        long updatedAtMillis) {

    public static final String RUNNING = "RUNNING";
    public static final String FINISHED = "FINISHED";
    public static final String REFUSED = "REFUSED";

    public CommandRecord {
        events = events == null ? List.of() : List.copyOf(events);
    }

    public boolean accepted() {
        return !REFUSED.equals(state);
    }

    public boolean running() {
        return RUNNING.equals(state);
    }

    /** Still of interest to the controller: running, or finished with a result it has not acknowledged. */
    public boolean pending() {
        return running() || FINISHED.equals(state) && !resultAcknowledged;
    }

    CommandRecord finished(String status, String failure, String message, long nowMillis) {
        return new CommandRecord(commandId, deploymentId, groupId, events, FINISHED, ackMessage, status, failure,
                message, false, nowMillis);
    }

    CommandRecord acknowledged(long nowMillis) {
        return new CommandRecord(commandId, deploymentId, groupId, events, state, ackMessage, resultStatus,
                resultFailure, resultMessage, true, nowMillis);
    }
}
