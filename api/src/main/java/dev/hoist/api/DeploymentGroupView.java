package dev.hoist.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/**
 * A deployment group as the API shows it. {@code tagSet} or {@code agentIds} is set, the other is null.
 *
 * @param autoDeploy {@code off}, {@code new-hosts} or {@code all}
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
        String autoDeploy,
        @JsonInclude(JsonInclude.Include.NON_NULL) List<GroupHostView> hosts,
        @JsonInclude(JsonInclude.Include.NON_NULL) List<String> unknownAgentIds) {
}
