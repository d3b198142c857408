package dev.hoist.controller.orchestrator;

import dev.hoist.controller.core.deploy.Deployment;
import dev.hoist.controller.core.deploy.DeploymentGroup;
import dev.hoist.controller.core.deploy.HostEvent;
import dev.hoist.controller.core.deploy.HostRun;
import dev.hoist.controller.core.deploy.HostStatus;
import dev.hoist.controller.core.deploy.HostTally;
import dev.hoist.controller.core.deploy.Revision;
import dev.hoist.controller.core.traffic.LoadBalancer;
import dev.hoist.protocol.deploy.FailureClass;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * What the orchestrator holds in memory for one unfinished deployment: the rows it last stored, and
 * the catalog entries it needs to send work. Confined to the orchestrator's thread.
 */
final class ActiveDeployment {
    private Deployment deployment;
    private final DeploymentGroup group;
    private Revision revision;
    private final Map<String, HostRun> hosts = new LinkedHashMap<>();
    private final Map<String, Map<String, HostEvent>> events = new HashMap<>();
    private final Map<String, Long> lastLine = new HashMap<>();
    private final HostTally tally = new HostTally();
    /** Events (agent id, event) that have a row in the store. */
    private final Set<String> storedEvents = new HashSet<>();
    private int touched;
    private long lastSequence;
    /** The group's load balancer as the deployment started (or resumed), or null. */
    private LoadBalancer balancer;
    private final Map<String, String> waitingForReroute = new LinkedHashMap<>();
    private boolean rerouted;
    private Instant retireDue;

    ActiveDeployment(Deployment deployment, DeploymentGroup group, Revision revision) {
        this.deployment = deployment;
        this.group = group;
        this.revision = revision;
    }

    Deployment deployment() {
        return deployment;
    }

    void deployment(Deployment changed) {
        deployment = changed;
    }

    String id() {
        return deployment.id();
    }

    DeploymentGroup group() {
        return group;
    }

    Revision revision() {
        return revision;
    }

    /** A deployment for some hosts takes the group's current revision as it starts (see AutoDeployments). */
    void revision(Revision changed) {
        revision = changed;
    }

    LoadBalancer balancer() {
        return balancer;
    }

    /** Blue/green: replacement hosts waiting in AllowTraffic for the reroute, agent id to command id. */
    Map<String, String> waitingForReroute() {
        return waitingForReroute;
    }

    boolean isBlueGreen() {
        return balancer != null && balancer.blueGreen() != null;
    }

    /** Blue/green: when the original set is retired, once it has left the traffic; null when not waiting. */
    Instant retireDue() {
        return retireDue;
    }

    void retireDue(Instant at) {
        retireDue = at;
    }

    boolean rerouted() {
        return rerouted;
    }

    void rerouted(boolean value) {
        rerouted = value;
    }

    void balancer(LoadBalancer balancer) {
        this.balancer = balancer;
    }

    Collection<HostRun> hosts() {
        return hosts.values();
    }

    HostRun host(String agentId) {
        return hosts.get(agentId);
    }

    void host(HostRun host) {
        HostRun before = hosts.put(host.agentId(), host);
        tally.change(before == null ? null : before.planned(), host.planned());
        if (host.commandId() != null && (before == null || before.commandId() == null)) {
            touched++;
        }
    }

    /** The hosts as the planner sees them, kept up to date host by host. */
    HostTally tally() {
        return tally;
    }

    /** How many hosts are in each status now. */
    Map<HostStatus, Integer> hostCounts() {
        return tally.counts();
    }

    int inFlight() {
        return tally.count(HostStatus.IN_PROGRESS);
    }

    /**
     * Whether the deployment may have changed a host: some host ran an event that touches the
     * application (anything but DownloadBundle, which only writes the agent's own directory), or was
     * given up on without knowing what it ran. A host whose events were all Skipped (refused before its
     * first event) changed nothing, so it calls for no rollback (docs/orchestrator.md).
     */
    boolean anyHostTouched() {
        if (touched == 0) {
            return false;
        }
        for (HostRun host : hosts.values()) {
            if (host.commandId() == null) {
                continue;
            }
            if (FailureClass.AGENT_LOST.name().equals(host.failure())) {
                return true;
            }
            for (HostEvent event : events(host.agentId()).values()) {
                if (!event.event().equals("DownloadBundle") && event.status() != HostStatus.PENDING
                        && event.status() != HostStatus.SKIPPED) {
                    return true;
                }
            }
        }
        return false;
    }

    Map<String, HostEvent> events(String agentId) {
        return events.computeIfAbsent(agentId, id -> new LinkedHashMap<>());
    }

    boolean eventStored(HostEvent event) {
        return storedEvents.contains(event.agentId() + '\n' + event.event());
    }

    void eventStored(HostEvent event, boolean stored) {
        String key = event.agentId() + '\n' + event.event();
        if (stored) {
            storedEvents.add(key);
        } else {
            storedEvents.remove(key);
        }
    }

    long lastLine(String agentId) {
        return lastLine.getOrDefault(agentId, 0L);
    }

    void lastLine(String agentId, long line) {
        lastLine.put(agentId, line);
    }

    long nextSequence() {
        return ++lastSequence;
    }

    void lastSequence(long sequence) {
        lastSequence = sequence;
    }
}
