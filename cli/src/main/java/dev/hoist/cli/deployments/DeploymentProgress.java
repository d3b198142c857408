package dev.hoist.cli.deployments;

import dev.hoist.api.DeploymentView;

/** Shows a deployment's progress to a person, one snapshot after another. */
public interface DeploymentProgress {

    /** A newer snapshot of the deployment (the same one as before, or its first). */
    void show(DeploymentView deployment);

    /** No more snapshots follow: leave the output in a state where ordinary lines may follow. */
    void close();
}
