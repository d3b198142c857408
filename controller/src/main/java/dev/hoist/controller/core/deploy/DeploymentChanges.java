package dev.hoist.controller.core.deploy;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes that the store applies in one transaction. Later changes of the same row replace earlier ones
 * (a host dispatched and acknowledged in one batch is written once); log lines are appended in order.
 * Not thread-safe: one thread fills it, then hands it over.
 */
public final class DeploymentChanges {
    private final Map<String, Deployment> deployments = new LinkedHashMap<>();
    private final Map<String, HostRun> hosts = new LinkedHashMap<>();
    private final Map<String, HostEvent> events = new LinkedHashMap<>();
    private final List<LogLine> logLines = new ArrayList<>();
    private final Map<String, GroupHostRecord> groupHosts = new LinkedHashMap<>();
    private final Map<String, CreateRequestKey> requestKeys = new LinkedHashMap<>();
    private long commitSeq;

    public DeploymentChanges deployment(Deployment deployment) {
        deployments.put(deployment.id(), deployment);
        return this;
    }

    public DeploymentChanges host(HostRun host) {
        hosts.put(host.deploymentId() + '\n' + host.agentId(), host);
        return this;
    }

    public DeploymentChanges event(HostEvent event) {
        events.put(event.deploymentId() + '\n' + event.agentId() + '\n' + event.event(), event);
        return this;
    }

    public DeploymentChanges logLine(LogLine line) {
        logLines.add(line);
        return this;
    }

    public DeploymentChanges groupHost(GroupHostRecord record) {
        groupHosts.put(record.groupId() + '\n' + record.agentId(), record);
        return this;
    }

    public DeploymentChanges requestKey(CreateRequestKey key) {
        requestKeys.put(key.key(), key);
        return this;
    }

    /**
     * Numbers the commit that writes this batch: every deployment it touches (its row, a host, an event,
     * a log line) records {@code seq} as the commit that last changed it. 0 leaves them unnumbered.
     */
    public DeploymentChanges commitSeq(long seq) {
        this.commitSeq = seq;
        return this;
    }

    public long commitSeq() {
        return commitSeq;
    }

    /** The ids of every deployment a row of this batch belongs to. */
    public java.util.Set<String> touchedDeployments() {
        java.util.Set<String> ids = new java.util.LinkedHashSet<>(deployments.keySet());
        hosts.values().forEach(host -> ids.add(host.deploymentId()));
        events.values().forEach(event -> ids.add(event.deploymentId()));
        logLines.forEach(line -> ids.add(line.deploymentId()));
        return ids;
    }

    /** Moves everything of {@code later} into this batch, after what it holds. */
    public DeploymentChanges addAll(DeploymentChanges later) {
        later.deployments.values().forEach(this::deployment);
        later.hosts.values().forEach(this::host);
        later.events.values().forEach(this::event);
        logLines.addAll(later.logLines);
        later.groupHosts.values().forEach(this::groupHost);
        later.requestKeys.values().forEach(this::requestKey);
        return this;
    }

    public Collection<Deployment> deployments() {
        return deployments.values();
    }

    public Collection<HostRun> hosts() {
        return hosts.values();
    }

    public Collection<HostEvent> events() {
        return events.values();
    }

    public List<LogLine> logLines() {
        return logLines;
    }

    public Collection<GroupHostRecord> groupHosts() {
        return groupHosts.values();
    }

    public Collection<CreateRequestKey> requestKeys() {
        return requestKeys.values();
    }

    /** Rows this batch writes (log lines and events count one each). */
    public int size() {
        return deployments.size() + hosts.size() + events.size() + logLines.size() + groupHosts.size()
                + requestKeys.size();
    }

    public boolean isEmpty() {
        return size() == 0;
    }
}
