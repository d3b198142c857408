package dev.hoist.api;

import java.util.List;

/**
 * Body of {@code POST /api/v1/applications/{app}/deployment-groups}: the hosts by {@code tagSet} (up to
 * three lists of filters {@code KEY}, {@code KEY=VALUE}, {@code =VALUE}; a host matches one filter of every
 * list) or by {@code agentIds}, exactly one of the two.
 *
 * @param config deployment config name (default {@code OneAtATime})
 * @param fileExistsBehavior {@code DISALLOW}, {@code OVERWRITE} or {@code RETAIN}; an AppSpec's own setting wins
 * @param scriptTimeoutLimitSeconds the most one event's scripts may take together (default 3600, at most 86400)
 * @param autoDeploy {@code off}, {@code new-hosts} (default) or {@code all}: which hosts get the group's current
 *        revision without anyone deploying
 * @param loadBalancer the load balancer the group's hosts sit behind, as {@code PUT .../load-balancer} takes it,
 *     checked and stored with the group (neither is stored when it is refused); null for none
 */
public record CreateDeploymentGroupRequest(
        String name,
        List<List<String>> tagSet,
        List<String> agentIds,
        String config,
        AutoRollbackBody autoRollback,
        String fileExistsBehavior,
        List<HealthCheckBody> healthChecks,
        Long scriptTimeoutLimitSeconds,
        String autoDeploy,
        LoadBalancerBody loadBalancer) {
}
