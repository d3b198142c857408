package dev.hoist.controller.core.deploy;

import java.util.List;
import java.util.Optional;

/** Deployment groups; names are unique per application. */
public interface DeploymentGroupStore {

    /** {@code false} when the application has a group of that name already. */
    boolean insert(DeploymentGroup group);

    Optional<DeploymentGroup> find(String application, String name);

    Optional<DeploymentGroup> findById(String id);

    List<DeploymentGroup> list(String application);

    /** Every application's groups. */
    List<DeploymentGroup> all();

    /** Sets the group's automatic deployment; {@code false} when there is no group {@code id}. */
    boolean updateAutoDeploy(String id, AutoDeploy autoDeploy);
}
