package dev.hoist.controller.orchestrator;

import dev.hoist.controller.core.deploy.CreateRequestKey;
import dev.hoist.controller.core.deploy.Deployment;
import dev.hoist.controller.core.deploy.DeploymentChanges;
import dev.hoist.controller.core.deploy.DeploymentListener;
import dev.hoist.controller.core.deploy.DeploymentStore;
import dev.hoist.controller.core.deploy.GroupHostRecord;
import dev.hoist.controller.core.deploy.HostEvent;
import dev.hoist.controller.core.deploy.HostRun;
import dev.hoist.controller.core.deploy.HostStatus;
import dev.hoist.controller.core.deploy.LogLine;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the orchestrator changed since its last commit, and what must happen once those changes are
 * stored: commands to send, results to acknowledge, answers and live-stream notices. {@link #commit}
 * writes the changes in one transaction, numbered (the {@code seq} that every deployment it touches
 * records, and that live-stream notices carry), and only then runs the actions; when the store refuses,
 * both are kept for the next commit, so nothing is lost and nothing runs early. Confined to the loop's
 * thread.
 *
 * <p>Some changes may wait for a later commit ({@link #canWait}): the progress of hosts and their events,
 * and their output, which agents keep and send again until the controller acknowledges the host's result.
 * Anything else (a deployment's own change, a command to send, a result to acknowledge, an answer) makes
 * the commit due at once.
 */
final class UnitOfWork {
    private static final Logger LOG = LoggerFactory.getLogger(UnitOfWork.class);

    private final DeploymentStore store;
    private final DeploymentListener listener;
    private final OrchestratorMetrics metrics;
    private DeploymentChanges changes = new DeploymentChanges();
    private List<Runnable> afterCommit = new ArrayList<>();
    /** The number of the last commit; read from the store before the first one. */
    private long seq = -1;
    /** Something since the last commit must not wait for a later one. */
    private boolean due;

    UnitOfWork(DeploymentStore store, DeploymentListener listener, OrchestratorMetrics metrics) {
        this.store = store;
        this.listener = listener;
        this.metrics = metrics;
    }

    /** @param hostCounts the deployment's hosts by status, as the change leaves them */
    void deployment(Deployment deployment, Map<HostStatus, Integer> hostCounts) {
        changes.deployment(deployment);
        due = true;
        afterCommit.add(() -> listener.deploymentChanged(seq, deployment, hostCounts));
    }

    void host(String application, HostRun host) {
        changes.host(host);
        afterCommit.add(() -> listener.hostChanged(seq, application, host));
    }

    /** A host of a deployment that has just started: its row is inserted. */
    void newHost(String application, HostRun host) {
        changes.newHost(host);
        afterCommit.add(() -> listener.hostChanged(seq, application, host));
    }

    /** An event's new status: its row is updated, or inserted when the deployment has none for it yet. */
    void event(ActiveDeployment ad, HostEvent event) {
        if (ad.eventStored(event)) {
            changes.event(event);
        } else {
            changes.newEvent(event);
            ad.eventStored(event, true);
        }
    }

    void logLine(String application, LogLine line) {
        changes.logLine(line);
        afterCommit.add(() -> listener.logLine(seq, application, line));
    }

    void groupHost(GroupHostRecord record) {
        changes.groupHost(record);
        due = true;
    }

    void requestKey(CreateRequestKey key) {
        changes.requestKey(key);
        due = true;
    }

    /** Runs {@code action} after the commit that stores everything changed before it. */
    void afterCommit(Runnable action) {
        afterCommit.add(action);
        due = true;
    }

    /**
     * Whether everything changed since the last commit may wait for a later one: only hosts' and events'
     * progress and output, which the agents send again until their result is acknowledged.
     */
    boolean canWait() {
        return !due;
    }

    /**
     * Stores the changes in one transaction, then runs the actions waiting for them.
     *
     * @return {@code true} when something was written
     * @throws RuntimeException the store's error; the changes and actions are kept for the next commit
     */
    boolean commit() {
        boolean wrote = false;
        if (!changes.isEmpty()) {
            if (seq < 0) {
                seq = store.lastChangeSeq();
            }
            changes.commitSeq(seq + 1);
            try (var ignored = metrics.batchWritten(changes.size())) {
                store.write(changes);
            } catch (RuntimeException e) {
                // Whether that commit reached the disk is not known: write it again as updates-or-inserts.
                changes.replay();
                throw e;
            }
            seq++;
            changes = new DeploymentChanges();
            wrote = true;
        }
        due = false;
        List<Runnable> actions = afterCommit;
        afterCommit = new ArrayList<>();
        for (Runnable action : actions) {
            try {
                action.run();
            } catch (RuntimeException e) {
                LOG.error("A deployment action failed after its changes were stored", e);
            }
        }
        return wrote;
    }
}
