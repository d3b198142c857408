package dev.hoist.controller.core.deploy;

import dev.hoist.protocol.appspec.FileExistsBehavior;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The hosts an application deploys to, and how. Hosts are chosen either by {@code tagSet} or as the
 * explicit {@code agentIds}; exactly one of the two is set.
 *
 * @param id stable id, e.g. {@code dg-3f9c0a1b2d4e} (hooks see it as {@code DEPLOYMENT_GROUP_ID})
 * @param configName the deployment config used unless a deployment names another
 * @param fileExistsBehavior the default for its deployments; an AppSpec's own setting wins
 * @param scriptTimeoutLimit the most one event's scripts may take together (at most 24 h)
 * @param autoDeploy which hosts get the group's current revision without anyone deploying
 */
public record DeploymentGroup(
        String id,
        String application,
        String name,
        TagSet tagSet,
        List<String> agentIds,
        String configName,
        AutoRollback autoRollback,
        FileExistsBehavior fileExistsBehavior,
        List<HealthCheckSpec> healthChecks,
        Duration scriptTimeoutLimit,
        Instant createdAt,
        AutoDeploy autoDeploy) {

    public static final Duration MAX_SCRIPT_TIMEOUT_LIMIT = Duration.ofHours(24);

    public DeploymentGroup {
        if ((tagSet == null) == (agentIds == null || agentIds.isEmpty())) {
            throw new IllegalArgumentException("a deployment group selects hosts by tags or by agent ids, "
                    + "exactly one of the two");
        }
        agentIds = agentIds == null ? List.of() : List.copyOf(agentIds);
        healthChecks = List.copyOf(healthChecks);
        autoDeploy = autoDeploy == null ? AutoDeploy.DEFAULT : autoDeploy;
    }

    /** A group with the default automatic deployment ({@link AutoDeploy#DEFAULT}). */
    public DeploymentGroup(String id, String application, String name, TagSet tagSet, List<String> agentIds,
            String configName, AutoRollback autoRollback, FileExistsBehavior fileExistsBehavior,
            List<HealthCheckSpec> healthChecks, Duration scriptTimeoutLimit, Instant createdAt) {
        this(id, application, name, tagSet, agentIds, configName, autoRollback, fileExistsBehavior, healthChecks,
                scriptTimeoutLimit, createdAt, AutoDeploy.DEFAULT);
    }

    public DeploymentGroup withAutoDeploy(AutoDeploy newAutoDeploy) {
        return new DeploymentGroup(id, application, name, tagSet, agentIds, configName, autoRollback,
                fileExistsBehavior, healthChecks, scriptTimeoutLimit, createdAt, newAutoDeploy);
    }

    /** Whether an agent with these tags (or this id) is one of the group's hosts. */
    public boolean selects(String agentId, java.util.Map<String, String> tags) {
        return tagSet != null ? tagSet.matches(tags) : agentIds.contains(agentId);
    }
}
