package dev.hoist.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * One host of a group's status.
 *
 * @param revisionId the revision its last successful deployment of the group installed, or null
 * @param state {@code current}, {@code behind}, {@code failed}, {@code pending} or {@code unknown}
 * @param missedDeploymentIds when behind: the group's successful deployments it missed, newest first
 * @param deploymentId when pending: the deployment under way for it; when failed: the one that failed there
 * @param failure when failed (or behind because its agent was away): the failure class
 * @param message what came with the failure
 */
public record GroupHostStatusView(
        String agentId,
        String hostname,
        String revisionId,
        String state,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> missedDeploymentIds,
        @JsonInclude(JsonInclude.Include.NON_NULL) String deploymentId,
        @JsonInclude(JsonInclude.Include.NON_NULL) String failure,
        @JsonInclude(JsonInclude.Include.NON_NULL) String message) {
}
