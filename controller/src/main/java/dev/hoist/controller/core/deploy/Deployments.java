package dev.hoist.controller.core.deploy;

/** Creating and stopping deployments, as the REST API asks for them. Implemented by the orchestrator. */
public interface Deployments {

    /**
     * Validates and creates a deployment: it starts at once, waits {@code Queued} behind another
     * deployment of its group, or fails at once when its hosts cannot meet the minimum.
     *
     * <p>With an {@code idempotencyKey}, a request that comes again with the same key (a retry after a
     * lost answer or a 503) returns the deployment the first one made instead of making another.
     *
     * @param idempotencyKey the caller's key for this request, or null
     * @throws dev.hoist.controller.core.Refusal naming the unknown application, group, revision or
     *         config, or the invalid field; {@code IDEMPOTENCY_KEY_REUSED} when the key came with another
     *         request; {@code STORE_UNAVAILABLE} when the store could not take it now
     */
    Deployment create(DeploymentRequest request, String creator, String idempotencyKey);

    /**
     * Stops a deployment: its Pending hosts are Skipped and its running hosts are cancelled (or, without
     * {@code cancelRunningHooks}, allowed to finish the hook they run); it ends {@code Stopped} once no
     * host is in flight.
     *
     * @throws dev.hoist.controller.core.Refusal when there is no such deployment or it has ended
     */
    Deployment stop(String deploymentId, boolean cancelRunningHooks, String actor);

    /**
     * Blue/green: a {@code Ready} deployment (every replacement host waits, and its group waits for continue
     * before the reroute) switches the traffic to the replacement set now and is {@code InProgress} again.
     *
     * @throws dev.hoist.controller.core.Refusal when there is no such deployment; {@code DEPLOYMENT_NOT_WAITING}
     *         (a conflict naming its status) when it is not {@code Ready}
     */
    Deployment continueReroute(String deploymentId, String actor);

    /**
     * {@code hoist group converge}: a deployment of the group's current revision (its last successful
     * deployment's) to every connected host of the group not on it, whether behind, failed or never
     * deployed to; it queues behind the group's running deployment like any other.
     *
     * @throws dev.hoist.controller.core.Refusal naming the unknown application or group;
     *         {@code GROUP_HAS_NO_REVISION} or {@code GROUP_CONVERGED} (409) when there is nothing to do
     */
    Deployment converge(String application, String group, String actor);
}
