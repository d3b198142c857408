package dev.hoist.controller.core.traffic;

import java.time.Duration;
import java.util.List;

/**
 * One action for the agent that drives a load balancer, as it travels (the gateway translates it).
 *
 * @param server empty for {@link Action#READ}
 */
public record RouterCall(String requestId, Action action, List<String> backends, String server,
        Duration drainTimeout, Duration upTimeout, Duration guardTimeout) {

    public RouterCall {
        backends = List.copyOf(backends);
    }

    public enum Action {
        BLOCK, ALLOW, READ
    }
}
