package dev.hoist.agent.exchange;

import java.util.List;

/**
 * A load-balancer action for the agent on the balancer's host (controller to agent). Every action is
 * idempotent: a redelivered request is done again.
 *
 * @param server empty for {@link Action#READ}
 */
public record RouterRequest(String requestId, Action action, List<String> backends, String server,
        int drainTimeoutSeconds, int upTimeoutSeconds, int guardTimeoutSeconds) {

    public RouterRequest {
        backends = List.copyOf(backends);
    }

    public enum Action {
        /** Drain the server, wait for its connections to end, then put it in maintenance. */
        BLOCK,
        /** Make the server ready and wait until the balancer's health check reports it up. */
        ALLOW,
        /** Report the backends' servers only. */
        READ,
        /** The controller sent an action this agent does not know. */
        UNKNOWN
    }
}
