package dev.hoist.controller.core.deploy;

/** Creating and stopping deployments, as the REST API asks for them. Implemented by the orchestrator. */
public interface Deployments {

    /**
     * Validates and creates a deployment: it starts at once, waits {@code Queued} behind another
     * deployment of its group, or fails at once when its hosts cannot meet the minimum.
     *
     * @throws dev.hoist.controller.core.Refusal naming the unknown application, group, revision or
     *         config, or the invalid field
     */
    Deployment create(DeploymentRequest request, String creator);

    /**
     * Stops a deployment: its Pending hosts are Skipped and its running hosts are cancelled (or, without
     * {@code cancelRunningHooks}, allowed to finish the hook they run); it ends {@code Stopped} once no
     * host is in flight.
     *
     * @throws dev.hoist.controller.core.Refusal when there is no such deployment or it has ended
     */
    Deployment stop(String deploymentId, boolean cancelRunningHooks, String actor);
}
