package dev.hoist.controller.core.deploy;

/**
 * Filter for listing deployments, newest first. Null fields match anything.
 *
 * @param group a group name (of {@code application}, when given)
 */
public record DeploymentQuery(String application, String group, DeploymentStatus status, int limit) {
}
