package dev.hoist.controller.core.deploy;

import java.time.Instant;

/**
 * A create request's idempotency key, remembered with the deployment it made. A request that comes
 * again with the same key gets that deployment back; one with the same key but a different body or
 * creator ({@code fingerprint}) is refused.
 */
public record CreateRequestKey(String key, String fingerprint, String deploymentId, Instant createdAt) {
}
