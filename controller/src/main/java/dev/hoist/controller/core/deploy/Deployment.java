package dev.hoist.controller.core.deploy;

import dev.hoist.protocol.appspec.FileExistsBehavior;
import java.time.Instant;
import java.util.List;

/**
 * One deployment of a revision to a deployment group, as the store keeps it. Immutable: each change
 * is a new value made with a {@code with...} method.
 *
 * @param id e.g. {@code d-3f9c0a1b2d4e}
 * @param configName the deployment config it runs with; {@code minimum} is copied from it at creation,
 *        so a later change of the config does not change a running deployment
 * @param creator the API token name that created it, or {@link #ROLLBACK_CREATOR}
 * @param rollbackDeploymentId the automatic rollback started because this one failed, if any
 * @param rollbackOf the deployment this one rolls back, if it is a rollback
 * @param error why it failed or was stopped, why it is queued, or why no rollback was made
 * @param fileExistsBehavior the deployment's override of the group's default, or {@code null}
 * @param autoRollback {@code true}/{@code false} overrides the group's setting; {@code null} keeps it
 * @param ending set once the outcome is decided while hosts are still in flight: the deployment takes
 *        that status when the last of them has finished
 * @param continueBy blue/green with a wait before the reroute: set when the deployment turned {@code Ready}
 *        (every replacement host waits); past it, a deployment still waiting is Stopped. Kept afterwards.
 * @param continuedAt when {@code hoist deployment continue} released the reroute; null otherwise
 * @param targetAgentIds the hosts it is for, when it is for some of its group's hosts only (an automatic
 *        deployment's); empty: every host of the group
 */
public record Deployment(
        String id,
        String application,
        String groupName,
        String groupId,
        String revisionId,
        String configName,
        MinimumHealthyHosts minimum,
        DeploymentStatus status,
        String creator,
        String description,
        String rollbackDeploymentId,
        String rollbackOf,
        String error,
        boolean ignoreApplicationStopFailures,
        FileExistsBehavior fileExistsBehavior,
        Boolean autoRollback,
        Ending ending,
        Instant createdAt,
        Instant startedAt,
        Instant endedAt,
        Instant continueBy,
        Instant continuedAt,
        List<String> targetAgentIds) {

    /** The creator of automatic deployments of a group's revision to hosts that joined or came back. */
    public static final String AUTO_CREATOR = "auto";

    public Deployment {
        targetAgentIds = targetAgentIds == null ? List.of() : List.copyOf(targetAgentIds);
    }

    /** The creator of automatic rollbacks. */
    public static final String ROLLBACK_CREATOR = "rollback";

    /** A deployment that never waited for {@code continue}. */
    public Deployment(String id, String application, String groupName, String groupId, String revisionId,
            String configName, MinimumHealthyHosts minimum, DeploymentStatus status, String creator,
            String description, String rollbackDeploymentId, String rollbackOf, String error,
            boolean ignoreApplicationStopFailures, FileExistsBehavior fileExistsBehavior, Boolean autoRollback,
            Ending ending, Instant createdAt, Instant startedAt, Instant endedAt) {
        this(id, application, groupName, groupId, revisionId, configName, minimum, status, creator, description,
                rollbackDeploymentId, rollbackOf, error, ignoreApplicationStopFailures, fileExistsBehavior,
                autoRollback, ending, createdAt, startedAt, endedAt, null, null, List.of());
    }

    /**
     * The outcome decided for a deployment whose hosts in flight have yet to finish.
     *
     * @param trigger what would start an automatic rollback once the deployment ends
     */
    public record Ending(DeploymentStatus status, AutoRollback.Trigger trigger) {
        public Ending {
            if (!status.isFinal() || status == DeploymentStatus.SUCCEEDED) {
                throw new IllegalArgumentException("a deployment ends early only as Failed or Stopped, not " + status);
            }
        }
    }

    public boolean isAutomatic() {
        return AUTO_CREATOR.equals(creator);
    }

    /** The same deployment, for {@code agentIds} of its group only. */
    public Deployment forHosts(List<String> agentIds) {
        return new Deployment(id, application, groupName, groupId, revisionId, configName, minimum, status,
                creator, description, rollbackDeploymentId, rollbackOf, error, ignoreApplicationStopFailures,
                fileExistsBehavior, autoRollback, ending, createdAt, startedAt, endedAt, continueBy, continuedAt,
                agentIds);
    }

    /** The same deployment, of {@code newRevisionId} with {@code newDescription}. */
    public Deployment withRevision(String newRevisionId, String newDescription) {
        return new Deployment(id, application, groupName, groupId, newRevisionId, configName, minimum, status,
                creator, newDescription, rollbackDeploymentId, rollbackOf, error, ignoreApplicationStopFailures,
                fileExistsBehavior, autoRollback, ending, createdAt, startedAt, endedAt, continueBy, continuedAt,
                targetAgentIds);
    }

    public boolean isRollback() {
        return rollbackOf != null;
    }

    public Deployment withStatus(DeploymentStatus newStatus, String newError) {
        return new Deployment(id, application, groupName, groupId, revisionId, configName, minimum, newStatus,
                creator, description, rollbackDeploymentId, rollbackOf, newError, ignoreApplicationStopFailures,
                fileExistsBehavior, autoRollback, ending, createdAt, startedAt, endedAt,
                continueBy, continuedAt, targetAgentIds);
    }

    public Deployment started(Instant at) {
        return new Deployment(id, application, groupName, groupId, revisionId, configName, minimum,
                DeploymentStatus.IN_PROGRESS, creator, description, rollbackDeploymentId, rollbackOf, null,
                ignoreApplicationStopFailures, fileExistsBehavior, autoRollback, ending, createdAt, at, endedAt,
                continueBy, continuedAt, targetAgentIds);
    }

    public Deployment ending(Ending newEnding, String reason) {
        return new Deployment(id, application, groupName, groupId, revisionId, configName, minimum, status,
                creator, description, rollbackDeploymentId, rollbackOf, reason, ignoreApplicationStopFailures,
                fileExistsBehavior, autoRollback, newEnding, createdAt, startedAt, endedAt,
                continueBy, continuedAt, targetAgentIds);
    }

    public Deployment ended(DeploymentStatus finalStatus, String reason, Instant at) {
        return new Deployment(id, application, groupName, groupId, revisionId, configName, minimum, finalStatus,
                creator, description, rollbackDeploymentId, rollbackOf, reason, ignoreApplicationStopFailures,
                fileExistsBehavior, autoRollback, ending, createdAt, startedAt == null ? at : startedAt, at,
                continueBy, continuedAt, targetAgentIds);
    }

    /** Blue/green: every replacement host is ready; the reroute waits for {@code continue} until {@code by}. */
    public Deployment awaitingContinue(Instant by) {
        return new Deployment(id, application, groupName, groupId, revisionId, configName, minimum,
                DeploymentStatus.READY, creator, description, rollbackDeploymentId, rollbackOf, null,
                ignoreApplicationStopFailures, fileExistsBehavior, autoRollback, ending, createdAt, startedAt, endedAt,
                by, null, targetAgentIds);
    }

    /** Blue/green: {@code continue} released the reroute at {@code at}; the deployment is InProgress again. */
    public Deployment continued(Instant at) {
        return new Deployment(id, application, groupName, groupId, revisionId, configName, minimum,
                DeploymentStatus.IN_PROGRESS, creator, description, rollbackDeploymentId, rollbackOf, error,
                ignoreApplicationStopFailures, fileExistsBehavior, autoRollback, ending, createdAt, startedAt, endedAt,
                continueBy, at, targetAgentIds);
    }

    public Deployment withRollback(String rollbackId, String newError) {
        return new Deployment(id, application, groupName, groupId, revisionId, configName, minimum, status,
                creator, description, rollbackId, rollbackOf, newError, ignoreApplicationStopFailures,
                fileExistsBehavior, autoRollback, ending, createdAt, startedAt, endedAt,
                continueBy, continuedAt, targetAgentIds);
    }
}
