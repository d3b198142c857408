package dev.hoist.controller.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.hoist.controller.core.deploy.Deployment;
import dev.hoist.controller.core.deploy.HostStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A deployment as the API shows it (docs/api.md). {@code hosts} is present when one deployment is read,
 * absent in lists, which carry the {@code summary} only.
 *
 * @param config the deployment config's name
 * @param autoRollback the deployment's override of the group's setting, or null
 */
public record DeploymentView(
        String id,
        String application,
        String group,
        String revisionId,
        String config,
        String status,
        String creator,
        String description,
        String rollbackDeploymentId,
        String rollbackOf,
        String error,
        boolean ignoreApplicationStopFailures,
        String fileExistsBehavior,
        Boolean autoRollback,
        Instant createdAt,
        Instant startedAt,
        Instant endedAt,
        Summary summary,
        @JsonInclude(JsonInclude.Include.NON_NULL) List<DeploymentHostView> hosts) {

    /** Host counts; {@code failed} includes hosts whose outcome is Unknown. */
    public record Summary(int total, int pending, int inProgress, int succeeded, int failed, int skipped) {
        public static Summary of(Map<HostStatus, Integer> counts) {
            int pending = counts.getOrDefault(HostStatus.PENDING, 0);
            int inProgress = counts.getOrDefault(HostStatus.IN_PROGRESS, 0);
            int succeeded = counts.getOrDefault(HostStatus.SUCCEEDED, 0);
            int failed = counts.getOrDefault(HostStatus.FAILED, 0) + counts.getOrDefault(HostStatus.UNKNOWN, 0);
            int skipped = counts.getOrDefault(HostStatus.SKIPPED, 0);
            return new Summary(pending + inProgress + succeeded + failed + skipped, pending, inProgress, succeeded,
                    failed, skipped);
        }
    }

    public static DeploymentView of(Deployment d, Map<HostStatus, Integer> counts, List<DeploymentHostView> hosts) {
        return new DeploymentView(d.id(), d.application(), d.groupName(), d.revisionId(), d.configName(),
                d.status().displayName(), d.creator(), d.description(), d.rollbackDeploymentId(), d.rollbackOf(),
                d.error(), d.ignoreApplicationStopFailures(),
                d.fileExistsBehavior() == null ? null : d.fileExistsBehavior().name(), d.autoRollback(),
                d.createdAt(), d.startedAt(), d.endedAt(), Summary.of(counts), hosts);
    }
}
