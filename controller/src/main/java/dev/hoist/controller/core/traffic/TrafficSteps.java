package dev.hoist.controller.core.traffic;

import java.util.Optional;

/**
 * What the orchestrator needs of traffic control: which groups sit behind a load balancer, and having
 * the balancer do a host's BlockTraffic or AllowTraffic. The step's outcome goes straight to the host's
 * agent, which waits for it while the event is in flight and then reports the event as usual.
 */
public interface TrafficSteps {

    /** No group has a load balancer. */
    TrafficSteps NONE = new TrafficSteps() {
        @Override
        public Optional<LoadBalancer> balancerOf(String groupId) {
            return Optional.empty();
        }

        @Override
        public void step(LoadBalancer balancer, String agentId, String hostname, String commandId, String event) {
        }
    };

    Optional<LoadBalancer> balancerOf(String groupId);

    /**
     * Has the balancer take the host out of service ({@code BlockTraffic}) or put it back
     * ({@code AllowTraffic}), then tells the host's agent how it went. Returns at once; safe to call again
     * for the same step (a redelivered report).
     */
    void step(LoadBalancer balancer, String agentId, String hostname, String commandId, String event);
}
