package dev.hoist.controller.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.hoist.controller.core.deploy.DeploymentGroup;
import dev.hoist.controller.core.deploy.GroupMembership;
import dev.hoist.controller.core.deploy.TagFilter;
import java.time.Instant;
import java.util.List;

/**
 * A deployment group as the API shows it. {@code tagSet} or {@code agentIds} is set, the other is null.
 *
 * @param hosts only when one group is read: the agents it resolves to now
 * @param unknownAgentIds only when one group is read: ids it names that no agent has
 */
public record DeploymentGroupView(
        String id,
        String application,
        String name,
        List<List<String>> tagSet,
        List<String> agentIds,
        String config,
        AutoRollbackBody autoRollback,
        String fileExistsBehavior,
        List<HealthCheckBody> healthChecks,
        long scriptTimeoutLimitSeconds,
        Instant createdAt,
        @JsonInclude(JsonInclude.Include.NON_NULL) List<GroupHostView> hosts,
        @JsonInclude(JsonInclude.Include.NON_NULL) List<String> unknownAgentIds) {

    public static DeploymentGroupView of(DeploymentGroup group) {
        return of(group, null);
    }

    /** @param resolved the group's current hosts, or {@code null} to leave them out */
    public static DeploymentGroupView of(DeploymentGroup group, GroupMembership.Resolved resolved) {
        List<List<String>> tagSet = group.tagSet() == null ? null : group.tagSet().groups().stream()
                .map(filters -> filters.stream().map(TagFilter::toString).toList()).toList();
        return new DeploymentGroupView(group.id(), group.application(), group.name(), tagSet,
                group.agentIds().isEmpty() ? null : group.agentIds(), group.configName(),
                AutoRollbackBody.of(group.autoRollback()),
                group.fileExistsBehavior() == null ? null : group.fileExistsBehavior().name(),
                group.healthChecks().stream().map(HealthCheckBody::of).toList(),
                group.scriptTimeoutLimit().toSeconds(), group.createdAt(),
                resolved == null ? null : resolved.agents().stream().map(GroupHostView::of).toList(),
                resolved == null ? null : resolved.unknownAgentIds());
    }
}
