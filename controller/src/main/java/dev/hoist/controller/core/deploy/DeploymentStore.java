package dev.hoist.controller.core.deploy;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Deployments, their hosts, events and log lines: the orchestrator's durable state. Implementations are
 * thread-safe; every call is one transaction.
 */
public interface DeploymentStore {

    /**
     * Applies every change in one transaction: deployments, hosts, events and per-group host records
     * are inserted or replaced by key; log lines are appended, and a host's oldest lines are dropped
     * beyond the store's per-host bound.
     */
    void write(DeploymentChanges changes);

    /** The highest commit number recorded on any deployment (see {@link DeploymentChanges#commitSeq}); 0 if none. */
    long lastChangeSeq();

    /** The commit number each of these deployments last changed in; absent ids are left out. */
    Map<String, Long> changeSeqs(Collection<String> deploymentIds);

    /** The create request remembered under {@code idempotencyKey}, if any. */
    Optional<CreateRequestKey> requestKey(String idempotencyKey);

    Optional<Deployment> find(String id);

    /** Newest first. */
    List<Deployment> list(DeploymentQuery query);

    /** Every deployment not in a final status, oldest first: what the orchestrator resumes at start. */
    List<Deployment> unfinished();

    /** The hosts of a deployment, in the order they were planned. */
    List<HostRun> hosts(String deploymentId);

    /** Host counts by status for each of {@code deploymentIds} (missing when it has no hosts yet). */
    Map<String, Map<HostStatus, Integer>> hostCounts(Collection<String> deploymentIds);

    /** Events of one host ({@code agentId}) or of every host (null), in lifecycle order per host. */
    List<HostEvent> events(String deploymentId, String agentId);

    /** Log lines in the order received, at most {@code page.limit()}. */
    List<LogLine> logs(String deploymentId, LogPage page);

    /** The highest log line number stored per host of a deployment. */
    Map<String, Long> lastLogLines(String deploymentId);

    /** The highest log sequence number stored for a deployment, or 0. */
    long lastLogSequence(String deploymentId);

    /** What the group knows of each of its hosts, by agent id. */
    Map<String, GroupHostRecord> groupHosts(String groupId);

    /** The group's most recent deployment that Succeeded. */
    Optional<Deployment> lastSucceeded(String groupId);
}
