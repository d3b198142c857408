package dev.hoist.controller.core.deploy;

import java.time.Instant;

/**
 * One host of one deployment: where it stood before, how far it got, and the command that carries
 * its work to the agent.
 *
 * @param failure a failure class name (appspec.md §3) when {@code status} is Failed, else null
 * @param commandId the command sent to the agent, or null before the host was started
 * @param acknowledged whether the agent accepted the command; an unacknowledged one is redelivered
 *        when the agent connects
 * @param currentEvent the lifecycle event running or last run, for the console
 * @param deadline when the host fails with {@code AGENT_LOST} if it has not finished (null while Pending)
 */
public record HostRun(
        String deploymentId,
        String agentId,
        String hostname,
        HostStanding standing,
        HostStatus status,
        String failure,
        String message,
        String commandId,
        boolean acknowledged,
        String currentEvent,
        Instant startedAt,
        Instant endedAt,
        Instant deadline) {

    public static HostRun pending(String deploymentId, String agentId, String hostname, HostStanding standing) {
        return new HostRun(deploymentId, agentId, hostname, standing, HostStatus.PENDING, null, null, null, false,
                null, null, null, null);
    }

    public HostRun dispatched(String newCommandId, Instant at, Instant newDeadline) {
        return new HostRun(deploymentId, agentId, hostname, standing, HostStatus.IN_PROGRESS, null, null,
                newCommandId, false, null, at, null, newDeadline);
    }

    public HostRun withAcknowledged() {
        return new HostRun(deploymentId, agentId, hostname, standing, status, failure, message, commandId, true,
                currentEvent, startedAt, endedAt, deadline);
    }

    public HostRun atEvent(String event) {
        return new HostRun(deploymentId, agentId, hostname, standing, status, failure, message, commandId,
                acknowledged, event, startedAt, endedAt, deadline);
    }

    public HostRun finished(HostStatus finalStatus, String newFailure, String newMessage, Instant at) {
        return new HostRun(deploymentId, agentId, hostname, standing, finalStatus, newFailure, newMessage,
                commandId, acknowledged, currentEvent, startedAt, at, null);
    }

    /** The same host, in another part of a blue/green deployment (see {@link HostStanding#RETIRING}). */
    public HostRun withStanding(HostStanding newStanding) {
        return new HostRun(deploymentId, agentId, hostname, newStanding, status, failure, message, commandId,
                acknowledged, currentEvent, startedAt, endedAt, deadline);
    }

    public PlannedHost planned() {
        return new PlannedHost(agentId, standing, status);
    }
}
