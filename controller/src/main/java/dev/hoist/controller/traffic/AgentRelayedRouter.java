package dev.hoist.controller.traffic;

import dev.hoist.controller.core.Secrets;
import dev.hoist.controller.core.deploy.AgentCommands;
import dev.hoist.controller.core.traffic.LoadBalancer;
import dev.hoist.controller.core.traffic.RouterCall;
import dev.hoist.controller.core.traffic.RouterOutcome;
import dev.hoist.controller.core.traffic.RouterResults;
import dev.hoist.controller.core.traffic.TrafficRouter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link TrafficRouter} adapter for a balancer driven by the Hoist agent on its host: each action
 * travels as a router command over that agent's mutual-TLS connection, and the agent talks to the
 * balancer's admin interface locally (HAProxy's runtime API today). The controller never opens a
 * connection to the balancer. An answer is matched to its call by request id; a call whose agent is not
 * connected, or that is not answered within its timeouts and a margin, completes as
 * {@code ROUTER_UNAVAILABLE}.
 */
public final class AgentRelayedRouter implements TrafficRouter, RouterResults {
    private static final Logger LOG = LoggerFactory.getLogger(AgentRelayedRouter.class);
    private static final Duration MARGIN = Duration.ofSeconds(15);

    private final AgentCommands agents;
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();

    public AgentRelayedRouter(AgentCommands agents) {
        this.agents = agents;
    }

    @Override
    public CompletableFuture<RouterOutcome> block(String balancerAgentId, List<String> backends, String server,
            LoadBalancer settings) {
        return call(balancerAgentId, new RouterCall(Secrets.newId("rt-"), RouterCall.Action.BLOCK, backends, server,
                settings.drainTimeout(), settings.upTimeout(), settings.guardTimeout()),
                settings.guardTimeout().plus(settings.drainTimeout()));
    }

    @Override
    public CompletableFuture<RouterOutcome> allow(String balancerAgentId, List<String> backends, String server,
            LoadBalancer settings) {
        return call(balancerAgentId, new RouterCall(Secrets.newId("rt-"), RouterCall.Action.ALLOW, backends, server,
                settings.drainTimeout(), settings.upTimeout(), settings.guardTimeout()), settings.upTimeout());
    }

    @Override
    public CompletableFuture<RouterOutcome> read(String balancerAgentId, List<String> backends) {
        return call(balancerAgentId, new RouterCall(Secrets.newId("rt-"), RouterCall.Action.READ, backends, "",
                Duration.ZERO, Duration.ZERO, Duration.ZERO), Duration.ZERO);
    }

    private CompletableFuture<RouterOutcome> call(String agentId, RouterCall call, Duration expected) {
        CompletableFuture<RouterOutcome> answer = new CompletableFuture<>();
        pending.put(call.requestId(), new Pending(agentId, answer));
        answer.completeOnTimeout(RouterOutcome.unavailable("the load balancer's agent " + agentId + " did not answer "
                + "within " + expected.plus(MARGIN).toSeconds() + " s"), expected.plus(MARGIN).toMillis(),
                TimeUnit.MILLISECONDS);
        answer.whenComplete((outcome, error) -> pending.remove(call.requestId()));
        boolean sent;
        try {
            sent = agents.routerCall(agentId, call);
        } catch (RuntimeException e) {
            LOG.warn("Could not send router call {} to agent {}", call.requestId(), agentId, e);
            sent = false;
        }
        if (!sent) {
            answer.complete(RouterOutcome.unavailable("the load balancer's agent " + agentId + " is not connected"));
        }
        return answer;
    }

    @Override
    public void routerResult(String agentId, String requestId, RouterOutcome outcome) {
        Pending waiting = pending.get(requestId);
        if (waiting == null || !waiting.agentId().equals(agentId)) {
            LOG.info("Agent {} answered router call {}, which nobody waits for (late, or not its own); ignored",
                    agentId, requestId);
            return;
        }
        waiting.answer().complete(outcome);
    }

    private record Pending(String agentId, CompletableFuture<RouterOutcome> answer) {
    }
}
