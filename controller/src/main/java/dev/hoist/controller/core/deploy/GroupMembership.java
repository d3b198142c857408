package dev.hoist.controller.core.deploy;

import dev.hoist.controller.core.Agent;
import dev.hoist.controller.core.AgentQuery;
import dev.hoist.controller.core.AgentState;
import dev.hoist.controller.core.AgentStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The agents a deployment group resolves to right now. By tag set: every agent whose tags match it,
 * revoked agents excepted (they can never deploy again). By agent ids: each named agent that exists,
 * in the order given, whatever its state, so that a revoked or vanished host stays visible.
 */
public final class GroupMembership {
    private final AgentStore agents;

    public GroupMembership(AgentStore agents) {
        this.agents = agents;
    }

    public Resolved resolve(DeploymentGroup group) {
        if (group.tagSet() != null) {
            List<Agent> matching = agents.list(AgentQuery.ALL).stream()
                    .filter(agent -> agent.state() != AgentState.REVOKED)
                    .filter(agent -> group.tagSet().matches(agent.tags()))
                    .toList();
            return new Resolved(matching, List.of());
        }
        List<Agent> found = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        for (String id : group.agentIds()) {
            Optional<Agent> agent = agents.find(id);
            if (agent.isPresent()) {
                found.add(agent.get());
            } else {
                unknown.add(id);
            }
        }
        return new Resolved(found, unknown);
    }

    /**
     * @param agents the group's hosts
     * @param unknownAgentIds ids the group names that no agent has (only for groups by agent ids)
     */
    public record Resolved(List<Agent> agents, List<String> unknownAgentIds) {
        public Resolved {
            agents = List.copyOf(agents);
            unknownAgentIds = List.copyOf(unknownAgentIds);
        }
    }
}
