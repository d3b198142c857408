package dev.hoist.controller.traffic;

import com.codahale.metrics.Meter;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Timer;
import dev.hoist.controller.core.Agent;
import dev.hoist.controller.core.AgentPresence;
import dev.hoist.controller.core.AgentQuery;
import dev.hoist.controller.core.AgentStore;
import dev.hoist.controller.core.deploy.AgentCommands;
import dev.hoist.controller.core.deploy.DeploymentGroup;
import dev.hoist.controller.core.deploy.GroupMembership;
import dev.hoist.controller.core.traffic.LoadBalancer;
import dev.hoist.controller.core.traffic.LoadBalancerStore;
import dev.hoist.controller.core.traffic.RouterOutcome;
import dev.hoist.controller.core.traffic.TrafficRouter;
import dev.hoist.controller.core.traffic.TrafficSteps;
import dev.hoist.protocol.appspec.LifecycleEvent;
import dev.hoist.protocol.deploy.FailureClass;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The orchestrator's traffic steps, carried out by a {@link TrafficRouter}: finds the balancer's agent
 * (by id, or the first connected agent with the group's tag) and the host's server name, asks the router,
 * and sends the outcome to the host's agent. Registry reads run on its own executor, never on the
 * orchestrator's thread. Metrics: {@code hoist.traffic.drain} (BlockTraffic at the balancer: guard and
 * drain) and {@code hoist.traffic.allow} (AllowTraffic: until the balancer's health check said UP), and
 * {@code hoist.traffic.failed}, and {@code hoist.traffic.reroute} (a blue/green switch, from the request to
 * the last server drained).
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
    private final Timer reroute;
    private final GroupMembership membership;

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
        this.reroute = metrics.timer("hoist.traffic.reroute");
        this.membership = new GroupMembership(agents);
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
                .thenAcceptAsync(outcome -> {
                    (block ? drain : allow).update(outcome.elapsed().toMillis(), TimeUnit.MILLISECONDS);
                    if (!outcome.ok()) {
                        failed.mark();
                    }
                    String reported = outcome.ok() ? null
                            : "TRAFFIC_BLOCK_FAILED".equals(outcome.failure())
                                    || "TRAFFIC_ALLOW_FAILED".equals(outcome.failure()) ? outcome.failure() : failure;
                    LOG.info("{} of {} ({}, command {}): {}{}", event, hostname, agentId, commandId,
                            outcome.ok() ? "done: " : reported + ": ", outcome.message());
                    release(agentId, commandId, event, reported, outcome.message());
                }, executor); // not on the event loop that completed the router's answer
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
            return CompletableFuture.completedFuture(noBalancerAgent(balancer));
        }
        return block ? router.block(balancerAgent.get(), balancer.backends(), server.get(), balancer)
                : router.allow(balancerAgent.get(), balancer.backends(), server.get(), balancer);
    }

    @Override
    public void reroute(LoadBalancer balancer, DeploymentGroup group, Map<String, String> waiting,
            Collection<String> originals) {
        long started = System.nanoTime();
        CompletableFuture.supplyAsync(() -> switchTraffic(balancer, group, List.copyOf(waiting.keySet()),
                        List.copyOf(originals), true), executor)
                .thenCompose(future -> future)
                .exceptionally(error -> RouterOutcome.unavailable("unexpected error: " + error))
                .thenAcceptAsync(outcome -> {
                    reroute.update(System.nanoTime() - started, TimeUnit.NANOSECONDS);
                    if (!outcome.ok()) {
                        failed.mark();
                    }
                    LOG.info("Blue/green reroute of group {} to the {} set: {}{}", group.name(),
                            balancer.blueGreen().idle(), outcome.ok() ? "done: " : "failed: ", outcome.message());
                    waiting.forEach((agentId, commandId) -> release(agentId, commandId,
                            LifecycleEvent.ALLOW_TRAFFIC.wireName(), outcome.ok() ? null
                                    : FailureClass.TRAFFIC_ALLOW_FAILED.name(), outcome.message()));
                }, executor);
    }

    @Override
    public void switchBack(LoadBalancer balancer, DeploymentGroup group, Collection<String> replacement) {
        CompletableFuture.supplyAsync(() -> switchTraffic(balancer, group, List.copyOf(replacement), List.of(), false),
                        executor)
                .thenCompose(future -> future)
                .exceptionally(error -> RouterOutcome.unavailable("unexpected error: " + error))
                .thenAcceptAsync(outcome -> LOG.info("Blue/green switch back of group {} to the {} set: {}",
                        group.name(), balancer.blueGreen().serving(), outcome.message()), executor);
    }

    @Override
    public void release(String agentId, String commandId, String event, String failure, String message) {
        if (!commands.trafficStep(agentId, commandId, event, failure == null, failure, message)) {
            LOG.warn("Agent {} is not connected to hear how its {} went; it gives up waiting by itself", agentId,
                    event);
        }
    }

    /**
     * Only the serving set changes: settings an admin changed while the deployment ran (its wait for continue,
     * timeouts) are kept, and a group taken off its balancer meanwhile stays off.
     */
    @Override
    public void serving(String groupId, LoadBalancer balancer) {
        LoadBalancer current = balancers.find(groupId).orElse(null);
        if (current == null || current.blueGreen() == null) {
            LOG.warn("Group {} is no longer blue/green behind its load balancer; the {} set serves now, but that is "
                    + "not recorded", groupId, balancer.blueGreen().serving());
            return;
        }
        balancers.put(groupId, current.withBlueGreen(current.blueGreen().serving(balancer.blueGreen().serving())));
    }

    /**
     * Moves the traffic between a blue/green group's sets: {@code forward} puts the {@code replacement} hosts'
     * servers in service, then takes the serving set's out, except those of the {@code originals} (they block
     * themselves, in their own BlockTraffic); otherwise the serving set's servers go back in service first,
     * then the replacement's out. A forward move that fails is undone.
     */
    private CompletableFuture<RouterOutcome> switchTraffic(LoadBalancer balancer, DeploymentGroup group,
            List<String> replacement, List<String> originals, boolean forward) {
        Optional<String> agent = balancerAgent(balancer);
        if (agent.isEmpty()) {
            return CompletableFuture.completedFuture(noBalancerAgent(balancer));
        }
        LoadBalancer.BlueGreen sets = balancer.blueGreen();
        List<String> incoming = new ArrayList<>();
        List<String> outgoing = new ArrayList<>();
        for (Agent host : membership.resolve(group).agents()) {
            Optional<String> server = balancer.serverName(host.hostname(), host.tags());
            if (server.isEmpty()) {
                continue;
            }
            if (replacement.contains(host.id())) {
                (forward ? incoming : outgoing).add(server.get());
            } else if (sets.contains(sets.serving(), host.tags()) && !originals.contains(host.id())) {
                (forward ? outgoing : incoming).add(server.get());
            }
        }
        String balancerAgent = agent.get();
        return all(incoming.stream().map(server -> router.allow(balancerAgent, balancer.backends(), server, balancer))
                .toList()).thenCompose(allowed -> {
                    if (!allowed.ok()) {
                        return undo(balancer, balancerAgent, incoming, allowed, "could not put " + incoming
                                + " in service");
                    }
                    return all(outgoing.stream().map(server -> router.block(balancerAgent, balancer.backends(), server,
                            balancer)).toList()).thenCompose(blocked -> {
                                if (blocked.ok() || !forward) {
                                    return CompletableFuture.completedFuture(new RouterOutcome(blocked.ok(),
                                            blocked.failure(), (blocked.ok() ? "" : blocked.message() + "; ")
                                            + "traffic moved to " + incoming + " (now up), " + (outgoing.isEmpty()
                                            ? "the original set's servers are taken out by their hosts' BlockTraffic"
                                            : outgoing + " drained and out of service"), blocked.servers(),
                                            blocked.elapsed()));
                                }
                                return all(outgoing.stream().map(server -> router.allow(balancerAgent,
                                        balancer.backends(), server, balancer)).toList())
                                        .thenCompose(back -> undo(balancer, balancerAgent, incoming, blocked,
                                                "could not take " + outgoing + " out of service"));
                            });
                });
    }

    /** Takes {@code servers} out again after a failed switch; the outcome is the failure. */
    private CompletableFuture<RouterOutcome> undo(LoadBalancer balancer, String agent, List<String> servers,
            RouterOutcome failure, String what) {
        return all(servers.stream().map(server -> router.block(agent, balancer.backends(), server, balancer)).toList())
                .thenApply(undone -> new RouterOutcome(false, "TRAFFIC_ALLOW_FAILED", what + ": " + failure.message()
                        + "; the traffic stays on the " + balancer.blueGreen().serving() + " set", failure.servers(),
                        failure.elapsed()));
    }

    /** Every outcome ok, or the first failure. */
    private static CompletableFuture<RouterOutcome> all(List<CompletableFuture<RouterOutcome>> actions) {
        return CompletableFuture.allOf(actions.toArray(CompletableFuture[]::new)).thenApply(ignored -> {
            List<RouterOutcome> outcomes = actions.stream().map(CompletableFuture::join).toList();
            return outcomes.stream().filter(o -> !o.ok()).findFirst().orElse(new RouterOutcome(true, null,
                    outcomes.stream().map(RouterOutcome::message).collect(Collectors.joining("; ")),
                    outcomes.isEmpty() ? List.of() : outcomes.get(outcomes.size() - 1).servers(),
                    outcomes.stream().map(RouterOutcome::elapsed).max(Duration::compareTo).orElse(Duration.ZERO)));
        });
    }

    /** The balancer's agent: the named one, or the first connected agent with the tag. */
    public Optional<String> balancerAgent(LoadBalancer balancer) {
        if (balancer.balancerAgentId() != null) {
            return Optional.of(balancer.balancerAgentId());
        }
        return agents.list(new AgentQuery(List.of(balancer.balancerAgentTag()), null)).stream()
                .map(Agent::id).filter(presence::isConnected).sorted().findFirst();
    }

    private static RouterOutcome noBalancerAgent(LoadBalancer balancer) {
        return RouterOutcome.unavailable("no connected agent drives this group's load balancer (" + describe(balancer)
                + ")");
    }

    static String describe(LoadBalancer balancer) {
        return balancer.balancerAgentId() != null ? "agent " + balancer.balancerAgentId()
                : "an agent tagged " + balancer.balancerAgentTag();
    }
}
