package dev.hoist.api;

import java.util.Map;

/** A host a deployment group resolves to; {@code state} is the agent's connection state. */
public record GroupHostView(String agentId, String hostname, String state, Map<String, String> tags) {
}
