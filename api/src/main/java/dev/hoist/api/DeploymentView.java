package dev.hoist.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/**
 * A deployment as the API shows it (docs/api.md). {@code hosts} is present when one deployment is read,
 * absent in lists, which carry the {@code summary} only.
 *
 * @param seq the number of the controller's commit that this representation is at least as new as: a
 *        live-stream notice about this deployment with id {@code SEQ.N} means a read showing
 *        {@code seq >= SEQ} has seen that change
 * @param config the deployment config's name
 * @param autoRollback the deployment's override of the group's setting, or null
 * @param continueBy blue/green with a wait before the reroute: the deployment turned {@code Ready} and waits for
 *        {@code POST .../continue} until then, after which it is Stopped; kept once it stops waiting. Absent when
 *        the deployment never waited
 * @param continuedAt when the deployment was continued (the reroute began); absent otherwise
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
        @JsonInclude(JsonInclude.Include.NON_NULL) Instant continueBy,
        @JsonInclude(JsonInclude.Include.NON_NULL) Instant continuedAt,
        long seq,
        Summary summary,
        @JsonInclude(JsonInclude.Include.NON_NULL) List<DeploymentHostView> hosts) {

    /** Host counts; {@code failed} includes hosts whose outcome is Unknown. */
    public record Summary(int total, int pending, int inProgress, int succeeded, int failed, int skipped) {
    }
}
