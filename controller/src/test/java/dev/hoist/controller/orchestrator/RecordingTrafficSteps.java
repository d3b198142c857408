package dev.hoist.controller.orchestrator;

import dev.hoist.controller.core.traffic.LoadBalancer;
import dev.hoist.controller.core.traffic.TrafficSteps;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
}
