package dev.hoist.api;

import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/v1/applications/{app}/deployment-groups/{name}/status}: the group's current revision
 * (that of its last successful deployment) and how each of its hosts stands against it.
 *
 * @param revisionId the group's current revision, or null when no deployment of it has succeeded
 * @param deploymentId the deployment that made it current, or null
 * @param autoDeploy {@code off}, {@code new-hosts} or {@code all}
 * @param counts how many hosts are in each state
 */
public record GroupStatusView(
        String application,
        String group,
        String revisionId,
        String deploymentId,
        String autoDeploy,
        Map<String, Integer> counts,
        List<GroupHostStatusView> hosts) {
}
