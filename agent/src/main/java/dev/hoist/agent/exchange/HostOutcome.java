package dev.hoist.agent.exchange;

/**
 * The final outcome of a command on this host.
 *
 * @param failure the failure class's name when it failed, else {@code null}
 */
public record HostOutcome(String commandId, String deploymentId, boolean succeeded, String failure, String message)
        implements CommandReport {
}
