package dev.hoist.controller.orchestrator;

import dev.hoist.controller.core.deploy.CreateRequestKey;
import dev.hoist.controller.core.deploy.Deployment;
import dev.hoist.controller.core.deploy.DeploymentChanges;
import dev.hoist.controller.core.deploy.DeploymentListener;
import dev.hoist.controller.core.deploy.DeploymentStore;
import dev.hoist.controller.core.deploy.GroupHostRecord;
import dev.hoist.controller.core.deploy.HostEvent;
import dev.hoist.controller.core.deploy.HostRun;
import dev.hoist.controller.core.deploy.LogLine;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the orchestrator changed since its last commit, and what must happen once those changes are
 * stored: commands to send, results to acknowledge, answers and live-stream notices. {@link #commit}
 * writes the changes in one transaction and only then runs the actions; when the store refuses, both
 * are kept for the next commit, so nothing is lost and nothing runs early. Confined to the loop's thread.
 */
final class UnitOfWork {
    private static final Logger LOG = LoggerFactory.getLogger(UnitOfWork.class);

    private final DeploymentStore store;
    private final DeploymentListener listener;
    private final OrchestratorMetrics metrics;
    private DeploymentChanges changes = new DeploymentChanges();
    private List<Runnable> afterCommit = new ArrayList<>();

    UnitOfWork(DeploymentStore store, DeploymentListener listener, OrchestratorMetrics metrics) {
        this.store = store;
        this.listener = listener;
        this.metrics = metrics;
    }

    void deployment(Deployment deployment) {
        changes.deployment(deployment);
        afterCommit.add(() -> listener.deploymentChanged(deployment));
    }

    void host(HostRun host) {
        changes.host(host);
        afterCommit.add(() -> listener.hostChanged(host));
    }

    void event(HostEvent event) {
        changes.event(event);
    }

    void logLine(LogLine line) {
        changes.logLine(line);
        afterCommit.add(() -> listener.logLine(line));
    }

    void groupHost(GroupHostRecord record) {
        changes.groupHost(record);
    }

    void requestKey(CreateRequestKey key) {
        changes.requestKey(key);
    }

    /** Runs {@code action} after the commit that stores everything changed before it. */
    void afterCommit(Runnable action) {
        afterCommit.add(action);
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
            try (var ignored = metrics.batchWritten(changes.size())) {
                store.write(changes);
            }
            changes = new DeploymentChanges();
            wrote = true;
        }
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
