package dev.hoist.controller.orchestrator;

import dev.hoist.controller.core.deploy.Deployment;
import dev.hoist.controller.core.deploy.DeploymentStore;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Each group's current revision: that of its last successful deployment. Read from the store once per
 * group, then kept current as deployments succeed, so a deployment that starts in the drain where the
 * one before it succeeded already sees that one's revision. Confined to the loop's thread.
 */
final class CurrentRevisions {
    private final DeploymentStore store;
    private final Map<String, Optional<String>> byGroup = new HashMap<>();

    CurrentRevisions(DeploymentStore store) {
        this.store = store;
    }

    Optional<String> of(String groupId) {
        return byGroup.computeIfAbsent(groupId, id -> store.lastSucceeded(id).map(Deployment::revisionId));
    }

    void succeeded(Deployment deployment) {
        byGroup.put(deployment.groupId(), Optional.of(deployment.revisionId()));
    }
}
