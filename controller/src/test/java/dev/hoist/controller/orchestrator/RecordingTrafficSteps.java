package dev.hoist.controller.orchestrator;

import dev.hoist.controller.core.deploy.DeploymentGroup;
import dev.hoist.controller.core.traffic.LoadBalancer;
import dev.hoist.controller.core.traffic.TrafficSteps;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** Groups' load balancers kept in memory, and the steps the orchestrator asked for, in order. */
final class RecordingTrafficSteps implements TrafficSteps {
    final Map<String, LoadBalancer> balancers = new ConcurrentHashMap<>();
    final List<String> steps = new CopyOnWriteArrayList<>();

    @Override
    public Optional<LoadBalancer> balancerOf(String groupId) {
        return Optional.ofNullable(balancers.get(groupId));
    }

    @Override
    public void step(LoadBalancer balancer, String agentId, String hostname, String commandId, String event) {
        steps.add(event + " " + hostname + " " + commandId);
    }

    @Override
    public void reroute(LoadBalancer balancer, DeploymentGroup group, Map<String, String> waiting,
            Collection<String> originals) {
        steps.add("reroute " + new TreeMap<>(waiting).keySet() + (originals.isEmpty() ? ""
                : ", originals block themselves: " + new TreeSet<>(originals)));
    }

    @Override
    public void switchBack(LoadBalancer balancer, DeploymentGroup group, Collection<String> replacement) {
        steps.add("switch back " + new TreeSet<>(replacement));
    }

    @Override
    public void release(String agentId, String commandId, String event, String failure, String message) {
        steps.add("release " + agentId + " " + event + " " + failure);
    }

    @Override
    public void serving(String groupId, LoadBalancer balancer) {
        balancers.put(groupId, balancer);
        steps.add("serving " + balancer.blueGreen().serving());
    }
}
