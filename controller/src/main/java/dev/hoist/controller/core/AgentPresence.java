package dev.hoist.controller.core;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which agents hold an accepted connection to this controller, and since when the others have been
 * away: the one place that knows. The gateway writes it as connections are accepted and closed; the
 * orchestrator reads it to decide when a host in flight is lost; the agent registry's {@code state}
 * column is its durable copy for the API, written by the gateway.
 *
 * <p>A controller starts with nobody connected ({@link AgentStore#recordAllDisconnected} clears what a
 * killed controller left behind), and every agent counts as away since the controller started until
 * it says hello. Thread-safe.
 */
public final class AgentPresence {
    private final Instant upSince;
    private final Map<String, Instant> connectedSince = new ConcurrentHashMap<>();
    private final Map<String, Instant> awaySince = new ConcurrentHashMap<>();

    public AgentPresence(Clock clock) {
        this.upSince = clock.instant();
    }

    /** The agent's hello was accepted at {@code at}. */
    public void connected(String agentId, Instant at) {
        connectedSince.put(agentId, at);
        awaySince.remove(agentId);
    }

    /** The agent's accepted connection closed at {@code at}. */
    public void disconnected(String agentId, Instant at) {
        if (connectedSince.remove(agentId) != null) {
            awaySince.put(agentId, at);
        } else {
            awaySince.putIfAbsent(agentId, at);
        }
    }

    public boolean isConnected(String agentId) {
        return connectedSince.containsKey(agentId);
    }

    /** When the agent was last seen going away; the controller's start when it has not been seen since. */
    public Optional<Instant> awaySince(String agentId) {
        if (isConnected(agentId)) {
            return Optional.empty();
        }
        return Optional.of(awaySince.getOrDefault(agentId, upSince));
    }

    /** The agents connected now. */
    public Set<String> connectedAgents() {
        return Set.copyOf(connectedSince.keySet());
    }

    public int connectedCount() {
        return connectedSince.size();
    }
}
