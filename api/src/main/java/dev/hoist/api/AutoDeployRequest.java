package dev.hoist.api;

/**
 * Body of {@code PUT /api/v1/applications/{app}/deployment-groups/{name}/auto-deploy}.
 *
 * @param autoDeploy {@code off}, {@code new-hosts} or {@code all}
 */
public record AutoDeployRequest(String autoDeploy) {
}
