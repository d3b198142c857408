package dev.hoist.agent.exchange;

import java.util.List;

/**
 * The answer to a {@link RouterRequest} (agent to controller).
 *
 * @param failure when not {@code ok}: {@code TRAFFIC_BLOCK_FAILED}, {@code TRAFFIC_ALLOW_FAILED},
 *     {@code ROUTER_REFUSED} (not this agent's backend, no balancer configured) or {@code ROUTER_UNAVAILABLE}
 * @param servers the backends' servers after the action, as far as they could be read
 * @param elapsedMillis how long the action took
 */
public record RouterAnswer(String requestId, boolean ok, String failure, String message, List<ServerState> servers,
        long elapsedMillis) implements AgentReport {

    public RouterAnswer {
        servers = List.copyOf(servers);
    }

    /** One server of a backend as the balancer reports it. */
    public record ServerState(String backend, String server, String status, int connections, String adminState) {
    }
}
