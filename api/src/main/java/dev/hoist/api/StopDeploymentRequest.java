package dev.hoist.api;

/**
 * Body of {@code POST /api/v1/deployments/{id}/stop} (optional).
 *
 * @param cancelRunningHooks terminate the hooks running now; by default they finish and later events are Skipped
 */
public record StopDeploymentRequest(Boolean cancelRunningHooks) {
}
