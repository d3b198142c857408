package dev.hoist.controller.core.traffic;

import dev.hoist.controller.core.deploy.DeploymentGroup;
import java.util.Collection;
import java.util.Map;
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

        @Override
        public void reroute(LoadBalancer balancer, DeploymentGroup group, Map<String, String> waiting,
                Collection<String> originals) {
        }

        @Override
        public void switchBack(LoadBalancer balancer, DeploymentGroup group, Collection<String> replacement) {
        }

        @Override
        public void release(String agentId, String commandId, String event, String failure, String message) {
        }

        @Override
        public void serving(String groupId, LoadBalancer balancer) {
        }
    };

    Optional<LoadBalancer> balancerOf(String groupId);

    /**
     * Has the balancer take the host out of service ({@code BlockTraffic}) or put it back
     * ({@code AllowTraffic}), then tells the host's agent how it went. Returns at once; safe to call again
     * for the same step (a redelivered report).
     */
    void step(LoadBalancer balancer, String agentId, String hostname, String commandId, String event);

    /**
     * Blue/green: every replacement host waits in AllowTraffic ({@code waiting}: agent id to command id).
     * Puts the replacement set's servers in service (each waits for the balancer's health check), then takes
     * out (drained) the original set's servers whose hosts are not among {@code originals}: those run their
     * own BlockTraffic afterwards, between their BeforeBlockTraffic and AfterBlockTraffic hooks. If either
     * fails, the traffic goes back to the original set. Then tells each waiting agent how it went. Returns
     * at once.
     */
    void reroute(LoadBalancer balancer, DeploymentGroup group, Map<String, String> waiting,
            Collection<String> originals);

    /** Blue/green, after a reroute: the original set back in service first, then the replacement set out. */
    void switchBack(LoadBalancer balancer, DeploymentGroup group, Collection<String> replacement);

    /** Ends a host's wait in a traffic event without doing anything at the balancer. */
    void release(String agentId, String commandId, String event, String failure, String message);

    /** Records which set serves after a blue/green deployment succeeded. */
    void serving(String groupId, LoadBalancer balancer);
}
