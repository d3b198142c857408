package dev.hoist.controller.core;

import java.time.Clock;
import java.util.Map;

/**
 * Turns an agent away for good: the store first (the durable record), then the in-memory list every
 * handshake consults, then its open connection.
 */
public final class AgentRevoker {
    private final AgentStore store;
    private final RevocationList revocations;
    private final AgentConnections connections;
    private final Clock clock;

    public AgentRevoker(AgentStore store, RevocationList revocations, AgentConnections connections, Clock clock) {
        this.store = store;
        this.revocations = revocations;
        this.connections = connections;
        this.clock = clock;
    }

    /** @throws Refusal {@code AGENT_NOT_FOUND} when there is no such agent */
    public void revoke(String agentId, String revokedBy) {
        if (!store.revoke(agentId, clock.instant())) {
            throw Refusal.notFound("AGENT_NOT_FOUND", "no agent with id '" + agentId
                    + "'; list agents with: hoist agent list", Map.of("agentId", agentId));
        }
        revocations.revoke(agentId);
        connections.revoked(agentId, "agent " + agentId + " was revoked by " + revokedBy + "; enroll it again with a new "
                + "join token to bring it back");
    }
}
