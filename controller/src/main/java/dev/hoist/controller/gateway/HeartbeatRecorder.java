package dev.hoist.controller.gateway;

import dev.hoist.controller.core.AgentStore;
import dev.hoist.controller.core.HostFacts;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the latest heartbeat facts of each agent and writes them all in one transaction per interval.
 * 10,000 agents heartbeating every 15 s would otherwise be some 670 single-row transactions a second;
 * this makes it one, whatever the fleet's size. Only the newest report of an agent is kept, so memory
 * stays one entry per agent.
 */
final class HeartbeatRecorder implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HeartbeatRecorder.class);

    private final AgentStore agents;
    private final Map<String, AgentStore.FactsReport> pending = new ConcurrentHashMap<>();
    private final PeriodicFlush flusher;

    HeartbeatRecorder(AgentStore agents, Duration interval) {
        this.agents = agents;
        this.flusher = new PeriodicFlush("hoist-gateway-facts", interval, this::flush);
    }

    /** Any thread, event loops included: it only replaces a map entry. */
    void record(String agentId, HostFacts facts, Instant at) {
        pending.put(agentId, new AgentStore.FactsReport(facts, at));
    }

    void flush() {
        if (pending.isEmpty()) {
            return;
        }
        Map<String, AgentStore.FactsReport> batch = new HashMap<>();
        for (String agentId : pending.keySet()) {
            AgentStore.FactsReport report = pending.remove(agentId);
            if (report != null) {
                batch.put(agentId, report);
            }
        }
        try {
            agents.recordFacts(batch);
        } catch (RuntimeException e) {
            // Facts are a snapshot: the next heartbeats bring fresh ones, so nothing is retried.
            LOG.warn("Recording the heartbeat facts of {} agents failed: {}", batch.size(), e.toString());
        }
    }

    /** Writes what is pending and stops. */
    @Override
    public void close() {
        flusher.close();
    }
}
