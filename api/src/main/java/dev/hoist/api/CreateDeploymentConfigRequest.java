package dev.hoist.api;

/** Body of {@code POST /api/v1/deployment-configs}. */
public record CreateDeploymentConfigRequest(String name, MinimumHealthyHostsBody minimumHealthyHosts) {
}
