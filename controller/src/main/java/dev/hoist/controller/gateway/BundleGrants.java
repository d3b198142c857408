package dev.hoist.controller.gateway;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which bundles each agent may fetch: those of the commands this controller sent it and has not
 * finished with (granted when a command is sent, or entrusted again after a controller restart; withdrawn
 * when the host's work ends). An agent asking for any other digest is refused, whether or not the bundle
 * exists, so the gateway tells no agent what other applications hold. Thread-safe.
 */
final class BundleGrants {
    /** Agent id to command id to bundle digest. */
    private final Map<String, Map<String, String>> byAgent = new ConcurrentHashMap<>();

    void grant(String agentId, String commandId, String sha256) {
        // Inside compute, not after computeIfAbsent: a withdraw that empties and drops the agent's map in
        // between would otherwise leave this grant in a map no longer reachable.
        byAgent.compute(agentId, (id, commands) -> {
            Map<String, String> granted = commands == null ? new ConcurrentHashMap<>() : commands;
            granted.put(commandId, sha256);
            return granted;
        });
    }

    void withdraw(String agentId, String commandId) {
        byAgent.computeIfPresent(agentId, (id, commands) -> {
            commands.remove(commandId);
            return commands.isEmpty() ? null : commands;
        });
    }

    boolean mayFetch(String agentId, String sha256) {
        Map<String, String> commands = byAgent.get(agentId);
        return commands != null && commands.containsValue(sha256);
    }
}
