package dev.hoist.controller.orchestrator;

import dev.hoist.controller.core.deploy.Deployment;
import dev.hoist.controller.core.deploy.DeploymentGroup;
import dev.hoist.controller.core.deploy.HostEvent;
import dev.hoist.controller.core.deploy.HostRun;
import dev.hoist.controller.core.deploy.HostStatus;
import dev.hoist.controller.core.deploy.PlannedHost;
import dev.hoist.controller.core.deploy.Revision;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the orchestrator holds in memory for one unfinished deployment: the rows it last stored, and
 * the catalog entries it needs to send work. Confined to the orchestrator's thread.
 */
final class ActiveDeployment {
    private Deployment deployment;
    private final DeploymentGroup group;
    private final Revision revision;
    private final Map<String, HostRun> hosts = new LinkedHashMap<>();
    private final Map<String, Map<String, HostEvent>> events = new HashMap<>();
    private final Map<String, Long> lastLine = new HashMap<>();
    private long lastSequence;

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

    Collection<HostRun> hosts() {
        return hosts.values();
    }

    HostRun host(String agentId) {
        return hosts.get(agentId);
    }

    void host(HostRun host) {
        hosts.put(host.agentId(), host);
    }

    List<PlannedHost> planned() {
        List<PlannedHost> planned = new ArrayList<>(hosts.size());
        hosts.values().forEach(host -> planned.add(host.planned()));
        return planned;
    }

    /** How many hosts are in each status now. */
    Map<HostStatus, Integer> hostCounts() {
        Map<HostStatus, Integer> counts = new java.util.EnumMap<>(HostStatus.class);
        hosts.values().forEach(host -> counts.merge(host.status(), 1, Integer::sum));
        return counts;
    }

    int inFlight() {
        return (int) hosts.values().stream().filter(host -> host.status() == HostStatus.IN_PROGRESS).count();
    }

    boolean anyHostTouched() {
        return hosts.values().stream().anyMatch(host -> host.commandId() != null);
    }

    Map<String, HostEvent> events(String agentId) {
        return events.computeIfAbsent(agentId, id -> new LinkedHashMap<>());
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
