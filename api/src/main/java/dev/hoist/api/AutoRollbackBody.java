package dev.hoist.api;

import java.util.List;

/**
 * Automatic rollback of a deployment group.
 *
 * @param triggers {@code DEPLOYMENT_FAILURE}, {@code DEPLOYMENT_STOP_ON_ALARM} (a failed health gate),
 *     {@code DEPLOYMENT_STOP_ON_REQUEST}; when enabled without triggers, the first two
 */
public record AutoRollbackBody(Boolean enabled, List<String> triggers) {
}
