package dev.hoist.controller.gateway;

import dev.hoist.controller.core.AgentStore;
import dev.hoist.controller.core.AgentStore.PresenceChange;
import dev.hoist.controller.core.HostFacts;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes agents' connections and disconnections to the registry in one transaction per interval, in
 * the order they happened. A reconnect storm of 10,000 agents would otherwise be 10,000 single-row
 * transactions, each waiting its turn for the store's one writer (behind the orchestrator's); here it
 * is a few. Nothing depends on these rows being durable at once: the registry's {@code state} column
 * is a copy of {@link dev.hoist.controller.core.AgentPresence} for the API, and every start resets it.
 */
final class PresenceRecorder implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PresenceRecorder.class);
    /** What a store outage may leave waiting; beyond it the oldest changes are dropped (a restart resets them). */
    private static final int MAX_WAITING = 200_000;

    private final AgentStore agents;
    private final Queue<PresenceChange> pending = new ConcurrentLinkedQueue<>();
    private final PeriodicFlush flusher;
    /** A batch the store refused, written first next time. Confined to the flusher's thread. */
    private List<PresenceChange> refused = List.of();

    PresenceRecorder(AgentStore agents, Duration interval) {
        this.agents = agents;
        this.flusher = new PeriodicFlush("hoist-gateway-presence", interval, this::flush);
    }

    /** Any thread, event loops included. */
    void connected(String agentId, String agentVersion, HostFacts facts, Instant at) {
        pending.add(new PresenceChange(agentId, true, agentVersion, facts, at));
    }

    /** Any thread, event loops included. */
    void disconnected(String agentId, Instant at) {
        pending.add(new PresenceChange(agentId, false, null, null, at));
    }

    private synchronized void flush() {
        if (pending.isEmpty() && refused.isEmpty()) {
            return;
        }
        List<PresenceChange> batch = new ArrayList<>(refused);
        for (PresenceChange change; (change = pending.poll()) != null; ) {
            batch.add(change);
        }
        try {
            agents.recordPresence(batch);
            refused = List.of();
        } catch (RuntimeException e) {
            int dropped = Math.max(0, batch.size() - MAX_WAITING);
            refused = batch.subList(dropped, batch.size());
            LOG.warn("Recording {} agent connections and disconnections failed ({}); retrying with the next ones{}",
                    batch.size(), e.toString(), dropped > 0 ? "; the oldest " + dropped + " were dropped" : "");
        }
    }

    /** Writes what is pending and stops. */
    @Override
    public void close() {
        flusher.close();
    }
}
