package dev.hoist.controller.core;

import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Revoked agent ids, held in memory so that the TLS handshake can consult it without touching the
 * store (the check runs on every handshake, on an event loop). The store is the durable copy: load
 * it at start, and revoke through the store first, then here.
 */
public final class RevocationList {
    private final Set<String> revoked = ConcurrentHashMap.newKeySet();

    public RevocationList(Collection<String> initiallyRevoked) {
        revoked.addAll(initiallyRevoked);
    }

    public void revoke(String agentId) {
        revoked.add(agentId);
    }

    public boolean isRevoked(String agentId) {
        return revoked.contains(agentId);
    }
}
