package dev.hoist.api;

import java.time.Instant;
import java.util.Map;

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
}
