package dev.hoist.controller.traffic;

import com.codahale.metrics.Meter;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Timer;
import dev.hoist.controller.core.Agent;
import dev.hoist.controller.core.AgentPresence;
import dev.hoist.controller.core.AgentQuery;
import dev.hoist.controller.core.AgentStore;
import dev.hoist.controller.core.deploy.AgentCommands;
import dev.hoist.controller.core.traffic.LoadBalancer;
import dev.hoist.controller.core.traffic.LoadBalancerStore;
import dev.hoist.controller.core.traffic.RouterOutcome;
import dev.hoist.controller.core.traffic.TrafficRouter;
import dev.hoist.controller.core.traffic.TrafficSteps;
import dev.hoist.protocol.appspec.LifecycleEvent;
import dev.hoist.protocol.deploy.FailureClass;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The orchestrator's traffic steps, carried out by a {@link TrafficRouter}: finds the balancer's agent
 * (by id, or the first connected agent with the group's tag) and the host's server name, asks the router,
 * and sends the outcome to the host's agent. Registry reads run on its own executor, never on the
 * orchestrator's thread. Metrics: {@code hoist.traffic.drain} (BlockTraffic at the balancer: guard and
 * drain) and {@code hoist.traffic.allow} (AllowTraffic: until the balancer's health check said UP), and
 * {@code hoist.traffic.failed}.
 */
public final class BalancerSteps implements TrafficSteps {
    private static final Logger LOG = LoggerFactory.getLogger(BalancerSteps.class);

    private final LoadBalancerStore balancers;
    private final AgentStore agents;
    private final AgentPresence presence;
    private final TrafficRouter router;
    private final AgentCommands commands;
    private final ExecutorService executor;
    private final Timer drain;
    private final Timer allow;
    private final Meter failed;

    public BalancerSteps(LoadBalancerStore balancers, AgentStore agents, AgentPresence presence, TrafficRouter router,
            AgentCommands commands, ExecutorService executor, MetricRegistry metrics) {
        this.balancers = balancers;
        this.agents = agents;
        this.presence = presence;
        this.router = router;
        this.commands = commands;
        this.executor = executor;
        this.drain = metrics.timer("hoist.traffic.drain");
        this.allow = metrics.timer("hoist.traffic.allow");
        this.failed = metrics.meter("hoist.traffic.failed");
    }

    @Override
    public Optional<LoadBalancer> balancerOf(String groupId) {
        return balancers.find(groupId);
    }

    @Override
    public void step(LoadBalancer balancer, String agentId, String hostname, String commandId, String event) {
        boolean block = LifecycleEvent.BLOCK_TRAFFIC.wireName().equals(event);
        String failure = block ? FailureClass.TRAFFIC_BLOCK_FAILED.name() : FailureClass.TRAFFIC_ALLOW_FAILED.name();
        CompletableFuture.supplyAsync(() -> start(balancer, agentId, hostname, block), executor)
                .thenCompose(future -> future)
                .exceptionally(error -> RouterOutcome.unavailable("unexpected error: " + error))
                .thenAccept(outcome -> {
                    (block ? drain : allow).update(outcome.elapsed().toMillis(), TimeUnit.MILLISECONDS);
                    if (!outcome.ok()) {
                        failed.mark();
                    }
                    String reported = outcome.ok() ? null
                            : "TRAFFIC_BLOCK_FAILED".equals(outcome.failure())
                                    || "TRAFFIC_ALLOW_FAILED".equals(outcome.failure()) ? outcome.failure() : failure;
                    LOG.info("{} of {} ({}, command {}): {}{}", event, hostname, agentId, commandId,
                            outcome.ok() ? "done: " : reported + ": ", outcome.message());
                    if (!commands.trafficStep(agentId, commandId, event, outcome.ok(), reported, outcome.message())) {
                        LOG.warn("Agent {} is not connected to hear how its {} went; it gives up waiting by itself",
                                agentId, event);
                    }
                });
    }

    private CompletableFuture<RouterOutcome> start(LoadBalancer balancer, String agentId, String hostname,
            boolean block) {
        Optional<Agent> host = agents.find(agentId);
        Optional<String> server = balancer.serverName(hostname, host.map(Agent::tags).orElse(Map.of()));
        if (server.isEmpty()) {
            return CompletableFuture.completedFuture(new RouterOutcome(false, null, "host " + hostname + " has no "
                    + "server name: give its agent the tag " + balancer.serverTag() + "=SERVER", List.of(),
                    Duration.ZERO));
        }
        Optional<String> balancerAgent = balancerAgent(balancer);
        if (balancerAgent.isEmpty()) {
            return CompletableFuture.completedFuture(RouterOutcome.unavailable("no connected agent drives this "
                    + "group's load balancer (" + describe(balancer) + ")"));
        }
        return block ? router.block(balancerAgent.get(), balancer.backends(), server.get(), balancer)
                : router.allow(balancerAgent.get(), balancer.backends(), server.get(), balancer);
    }

    /** The balancer's agent: the named one, or the first connected agent with the tag. */
    public Optional<String> balancerAgent(LoadBalancer balancer) {
        if (balancer.balancerAgentId() != null) {
            return Optional.of(balancer.balancerAgentId());
        }
        return agents.list(new AgentQuery(List.of(balancer.balancerAgentTag()), null)).stream()
                .map(Agent::id).filter(presence::isConnected).sorted().findFirst();
    }

    static String describe(LoadBalancer balancer) {
        return balancer.balancerAgentId() != null ? "agent " + balancer.balancerAgentId()
                : "an agent tagged " + balancer.balancerAgentTag();
    }
}
