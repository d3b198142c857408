package dev.hoist.api;

/** A deployment config as the API shows it; {@code description} reads e.g. {@code HOST_COUNT 3}. */
public record DeploymentConfigView(String name, MinimumHealthyHostsBody minimumHealthyHosts, boolean builtIn,
        String description) {
}
