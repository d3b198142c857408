package dev.hoist.controller.core.deploy;

import java.util.List;
import java.util.Optional;

/** Deployment configs: the built-ins plus custom ones. */
public interface DeploymentConfigStore {

    /** {@code false} when a config of that name exists (built-in names are always taken). */
    boolean insert(DeploymentConfig config);

    /** Built-ins included. */
    Optional<DeploymentConfig> find(String name);

    /** Built-ins first. */
    List<DeploymentConfig> list();
}
