package dev.hoist.controller.api;

import dev.hoist.controller.core.deploy.DeploymentConfig;

/** A deployment config as the API shows it; {@code description} reads e.g. {@code HOST_COUNT 3}. */
public record DeploymentConfigView(String name, MinimumHealthyHostsBody minimumHealthyHosts, boolean builtIn,
        String description) {

    public static DeploymentConfigView of(DeploymentConfig config) {
        return new DeploymentConfigView(config.name(), MinimumHealthyHostsBody.of(config.minimumHealthyHosts()),
                config.builtIn(), config.minimumHealthyHosts().describe());
    }
}
