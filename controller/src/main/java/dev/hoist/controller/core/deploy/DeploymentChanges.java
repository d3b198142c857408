package dev.hoist.controller.core.deploy;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
    /** Keys of host and event rows that no commit has written yet: inserted, never looked up first. */
    private final Set<String> newRows = new HashSet<>();
    private boolean replay;

    public DeploymentChanges deployment(Deployment deployment) {
        deployments.put(deployment.id(), deployment);
        return this;
    }

    public DeploymentChanges host(HostRun host) {
        hosts.put(hostKey(host), host);
        return this;
    }

    /** A host row no commit has written yet (it is inserted without first trying an update). */
    public DeploymentChanges newHost(HostRun host) {
        newRows.add(hostKey(host));
        return host(host);
    }

    public DeploymentChanges event(HostEvent event) {
        events.put(eventKey(event), event);
        return this;
    }

    /** An event row no commit has written yet. */
    public DeploymentChanges newEvent(HostEvent event) {
        newRows.add(eventKey(event));
        return event(event);
    }

    /** Whether the row is new (see {@link #newHost}) and may be inserted as it is. */
    public boolean isNew(HostRun host) {
        return !replay && newRows.contains(hostKey(host));
    }

    public boolean isNew(HostEvent event) {
        return !replay && newRows.contains(eventKey(event));
    }

    /**
     * This batch is written again after a commit whose outcome is not known (it may have been stored):
     * every row is then written as an update, or an insert where none exists, never as a plain insert.
     */
    public DeploymentChanges replay() {
        replay = true;
        return this;
    }

    private static String hostKey(HostRun host) {
        return host.deploymentId() + '\n' + host.agentId();
    }

    private static String eventKey(HostEvent event) {
        return event.deploymentId() + '\n' + event.agentId() + '\n' + event.event();
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
    public Set<String> touchedDeployments() {
        Set<String> ids = new LinkedHashSet<>(deployments.keySet());
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
        newRows.addAll(later.newRows);
        replay |= later.replay;
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
