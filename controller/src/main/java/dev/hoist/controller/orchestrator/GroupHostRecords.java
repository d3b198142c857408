package dev.hoist.controller.orchestrator;

import dev.hoist.controller.core.deploy.DeploymentStore;
import dev.hoist.controller.core.deploy.GroupHostRecord;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * What each group with unfinished deployments knows of its hosts (the revision each last ran, and
 * how that went): read from the store once per group, then kept current here. The orchestrator is the
 * only writer of these records, so the copy is current even before the latest changes are committed.
 * Confined to the loop's thread.
 */
final class GroupHostRecords {
    private final DeploymentStore store;
    private final Map<String, Map<String, GroupHostRecord>> byGroup = new HashMap<>();

    GroupHostRecords(DeploymentStore store) {
        this.store = store;
    }

    Map<String, GroupHostRecord> of(String groupId) {
        return byGroup.computeIfAbsent(groupId, id -> new HashMap<>(store.groupHosts(id)));
    }

    void put(GroupHostRecord record) {
        of(record.groupId()).put(record.agentId(), record);
    }

    /** Forgets groups with nothing left to run once their records are stored; they are read again when needed. */
    void forgetUnless(Predicate<String> stillActive) {
        byGroup.keySet().removeIf(stillActive.negate());
    }
}
