package dev.hoist.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * A deployment group's load balancer, with its backends' servers as the balancer reports them now.
 *
 * @param balancerAgentId the agent driving the balancer now (null when none is connected)
 * @param servers null when the balancer could not be read; {@code serversError} then says why
 * @param hosts how each host of the group maps to a server, and that server's state
 * @param serving blue/green only: the set that has the traffic, {@code blue} or {@code green}
 * @param waitBeforeReroute blue/green only: deployments wait this long for continue before the reroute; absent
 *     when they reroute at once
 * @param retireOriginalAfterSeconds blue/green only: the original set is retired (ApplicationStop) this long after
 *     it left the traffic; absent when it is kept ready
 */
public record LoadBalancerView(
        String application,
        String group,
        String agentId,
        String agentTag,
        List<String> backends,
        String serverTag,
        long drainTimeoutSeconds,
        long upTimeoutSeconds,
        long guardTimeoutSeconds,
        @JsonInclude(JsonInclude.Include.NON_NULL) String blueTag,
        @JsonInclude(JsonInclude.Include.NON_NULL) String greenTag,
        @JsonInclude(JsonInclude.Include.NON_NULL) String serving,
        @JsonInclude(JsonInclude.Include.NON_NULL) WaitBeforeReroute waitBeforeReroute,
        @JsonInclude(JsonInclude.Include.NON_NULL) Long retireOriginalAfterSeconds,
        @JsonInclude(JsonInclude.Include.NON_NULL) String balancerAgentId,
        @JsonInclude(JsonInclude.Include.NON_NULL) List<ServerStateView> servers,
        @JsonInclude(JsonInclude.Include.NON_NULL) String serversError,
        List<HostTrafficView> hosts) {

    /** One server of a backend: the balancer's status, its administrative state and open connections. */
    public record ServerStateView(String backend, String server, String status, String adminState, int connections) {
    }

    /**
     * A host of the group and its traffic state.
     *
     * @param traffic {@code SERVING} (up in every backend), {@code DRAINING}, {@code OUT_OF_SERVICE} (maintenance),
     *     {@code DOWN} (the balancer's health check fails), {@code NO_SERVER} or {@code UNKNOWN} (balancer not read)
     */
    public record HostTrafficView(String agentId, String hostname, String server, String traffic,
            @JsonInclude(JsonInclude.Include.NON_NULL) String set) {
    }
}
