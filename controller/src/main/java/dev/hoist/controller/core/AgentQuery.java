package dev.hoist.controller.core;

import java.util.List;

/**
 * Filter for listing agents.
 *
 * @param tagFilters each {@code KEY} (the tag is present) or {@code KEY=VALUE}; an agent must match all
 * @param state only agents in this state, or {@code null} for any
 */
public record AgentQuery(List<String> tagFilters, AgentState state) {
    public static final AgentQuery ALL = new AgentQuery(List.of(), null);

    public AgentQuery {
        tagFilters = List.copyOf(tagFilters);
    }
}
