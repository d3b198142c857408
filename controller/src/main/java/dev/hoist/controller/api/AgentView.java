package dev.hoist.controller.api;

import dev.hoist.controller.core.Agent;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * An agent as the API shows it.
 *
 * @param state {@code Connected}, {@code Disconnected} or {@code Revoked}
 * @param facts {@code null} until the agent first says hello
 */
public record AgentView(
        String id,
        String hostname,
        String state,
        Instant stateSince,
        Map<String, String> tags,
        String agentVersion,
        String os,
        Instant firstSeen,
        Instant lastSeen,
        HostFactsView facts) {

    public static AgentView of(Agent agent) {
        return new AgentView(agent.id(), agent.hostname(), agent.state().displayName(), agent.stateSince(),
                new TreeMap<>(agent.tags()), agent.agentVersion(), agent.os(), agent.firstSeen(), agent.lastSeen(),
                HostFactsView.of(agent.facts()));
    }
}
