package dev.hoist.controller.core;

import java.time.Instant;
import java.util.Map;

/**
 * One enrolled agent as the registry knows it.
 *
 * @param stateSince when the agent entered {@code state} (for {@code Disconnected}: since when)
 * @param facts the latest host facts the agent reported, or {@code null} before its first hello
 */
public record Agent(
        String id,
        String hostname,
        Map<String, String> tags,
        String agentVersion,
        String os,
        Instant firstSeen,
        Instant lastSeen,
        AgentState state,
        Instant stateSince,
        HostFacts facts) {

    public Agent {
        tags = Map.copyOf(tags);
    }
}
