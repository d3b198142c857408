package dev.hoist.controller.core.traffic;

import java.time.Duration;
import java.util.List;

/**
 * How a {@link TrafficRouter} action went.
 *
 * @param failure when not {@code ok}: TRAFFIC_BLOCK_FAILED, TRAFFIC_ALLOW_FAILED, ROUTER_REFUSED or
 *     ROUTER_UNAVAILABLE
 * @param servers the backends' servers after the action
 * @param elapsed how long the action took at the balancer (the drain, the wait for the health check)
 */
public record RouterOutcome(boolean ok, String failure, String message, List<ServerState> servers, Duration elapsed) {

    public RouterOutcome {
        servers = List.copyOf(servers);
    }

    public static RouterOutcome unavailable(String message) {
        return new RouterOutcome(false, "ROUTER_UNAVAILABLE", message, List.of(), Duration.ZERO);
    }
}
