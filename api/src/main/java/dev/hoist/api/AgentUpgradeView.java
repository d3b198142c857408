package dev.hoist.api;

/**
 * An agent upgrade started: the deployment that carries it ({@code GET /api/v1/deployments/{deploymentId}}
 * follows it like any other).
 *
 * @param group the upgrade group of the agents' tags (application {@code hoist-agent})
 */
public record AgentUpgradeView(
        String deploymentId,
        String status,
        String application,
        String group,
        String revisionId,
        String version) {
}
