package dev.hoist.controller.api;

import dev.hoist.controller.core.Agent;
import java.util.Map;
import java.util.TreeMap;

/** A host a deployment group resolves to; {@code state} is the agent's connection state. */
public record GroupHostView(String agentId, String hostname, String state, Map<String, String> tags) {

    public static GroupHostView of(Agent agent) {
        return new GroupHostView(agent.id(), agent.hostname(), agent.state().displayName(),
                new TreeMap<>(agent.tags()));
    }
}
