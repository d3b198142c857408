package dev.hoist.controller.core;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The agent registry. Implementations are thread-safe; callers keep calls off event loops. */
public interface AgentStore {

    /** Records a newly enrolled agent (state {@code Disconnected} until it first connects). */
    void insert(Agent agent);

    Optional<Agent> find(String id);

    /** The agents with these ids (those that exist, in any order), read at once however many they are. */
    List<Agent> findAll(Collection<String> ids);

    List<Agent> list(AgentQuery query);

    /** The agent said hello: it is {@code Connected} since {@code at}, with these facts. */
    void recordConnected(String id, String agentVersion, HostFacts facts, Instant at);

    /** The agent's connection closed at {@code at}; a revoked agent stays {@code Revoked}. */
    void recordDisconnected(String id, Instant at);

    /**
     * Every agent still recorded {@code Connected} is {@code Disconnected} since {@code at}: at start,
     * where nobody can be connected yet (a killed controller left its agents marked connected), and
     * at a graceful stop, once the gateway has closed every connection. Returns how many changed.
     */
    int recordAllDisconnected(Instant at);

    /**
     * Connections and disconnections, applied in order in one transaction (as {@link #recordConnected}
     * and {@link #recordDisconnected} would one by one): how the gateway writes them.
     */
    void recordPresence(List<PresenceChange> changes);

    /** An agent's hello was accepted ({@code connected}, with its version and facts) or its connection closed. */
    record PresenceChange(String agentId, boolean connected, String agentVersion, HostFacts facts, Instant at) {
    }

    /** Latest facts from a heartbeat; also moves {@code lastSeen}. */
    void recordFacts(String id, HostFacts facts, Instant at);

    /**
     * The latest facts of many agents at once, in one transaction: how heartbeats reach the store, so
     * that a large fleet costs one write a second rather than one per heartbeat. Unknown ids are ignored.
     */
    void recordFacts(Map<String, FactsReport> latest);

    /** Facts an agent reported, and when. */
    record FactsReport(HostFacts facts, Instant at) {
    }

    /** Replaces the agent's tags; {@code false} when there is no such agent. */
    boolean setTags(String id, Map<String, String> tags);

    /** Revokes the agent for good; {@code false} when there is no such agent. Idempotent. */
    boolean revoke(String id, Instant at);

    /**
     * Every agent that is not revoked, with only what deciding a deployment's hosts needs (no host
     * facts): one narrow read, however large the fleet.
     */
    List<Target> targets();

    /** An agent as a deployment target. */
    record Target(String id, String hostname, Map<String, String> tags) {
    }

    /** Every revoked agent id, to load the in-memory {@link RevocationList} at start. */
    Set<String> revokedIds();
}
