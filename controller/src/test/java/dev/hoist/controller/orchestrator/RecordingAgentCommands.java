package dev.hoist.controller.orchestrator;

import dev.hoist.controller.core.deploy.AgentCommands;
import dev.hoist.controller.core.deploy.HostDeployment;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * {@link AgentCommands} that records what it is asked to send, so that a test can play the agents.
 * Agents in {@link #online} accept work; the others count as not connected.
 */
final class RecordingAgentCommands implements AgentCommands {
    record Cancel(String agentId, String commandId, boolean allowRunningHooksToFinish) {
    }

    record Delivery(String agentId, HostDeployment work) {
    }

    final Set<String> online = ConcurrentHashMap.newKeySet();
    final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
    final List<Cancel> cancels = new CopyOnWriteArrayList<>();
    /** Commands whose bundle was withdrawn, as "agentId/commandId". */
    final List<String> withdrawn = new CopyOnWriteArrayList<>();

    @Override
    public boolean deploy(String agentId, HostDeployment work) {
        deliveries.add(new Delivery(agentId, work));
        return online.contains(agentId);
    }

    @Override
    public boolean cancel(String agentId, String commandId, boolean allowRunningHooksToFinish) {
        cancels.add(new Cancel(agentId, commandId, allowRunningHooksToFinish));
        return online.contains(agentId);
    }

    /** Work sent to {@code agentId}, oldest first. */
    @Override
    public void withdraw(String agentId, String commandId) {
        withdrawn.add(agentId + "/" + commandId);
    }

    List<HostDeployment> sentTo(String agentId) {
        return deliveries.stream().filter(d -> d.agentId().equals(agentId)).map(Delivery::work).toList();
    }
}
