package dev.hoist.api;

/**
 * Blue/green: once every replacement host is ready, a deployment waits for
 * {@code POST /api/v1/deployments/{id}/continue} (status {@code Ready}) instead of rerouting at once; if none
 * comes within {@code expirySeconds}, it is Stopped and the serving set keeps serving.
 *
 * @param expirySeconds how long a deployment waits for continue: 1 to 172800 (two days)
 */
public record WaitBeforeReroute(Long expirySeconds) {
}
