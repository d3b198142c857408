package dev.hoist.controller.orchestrator;

import dev.hoist.controller.core.Secrets;
import dev.hoist.controller.core.deploy.AutoRollback;
import dev.hoist.controller.core.deploy.Deployment;
import dev.hoist.controller.core.deploy.DeploymentConfig;
import dev.hoist.controller.core.deploy.DeploymentConfigStore;
import dev.hoist.controller.core.deploy.DeploymentGroup;
import dev.hoist.controller.core.deploy.DeploymentStatus;
import dev.hoist.controller.core.deploy.DeploymentStore;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Optional;

/**
 * Decides whether a deployment that ended Failed or Stopped is rolled back automatically (appspec.md
 * §4) and builds the rollback: a new deployment of the group's last successful revision, created by
 * {@code rollback}, linked to the one it rolls back.
 */
final class RollbackPolicy {
    private final DeploymentStore store;
    private final DeploymentConfigStore configs;

    RollbackPolicy(DeploymentStore store, DeploymentConfigStore configs) {
        this.store = store;
        this.configs = configs;
    }

    /** A rollback to start, or why there is none ({@code note} is null when none was asked for). */
    record Decision(Deployment rollback, String note) {
        static Decision none() {
            return new Decision(null, null);
        }
    }

    Decision decide(Deployment ended, DeploymentGroup group, AutoRollback.Trigger trigger, boolean hostsTouched,
            Instant now) {
        if (!policy(ended, group).triggersOn(trigger)) {
            return Decision.none();
        }
        if (ended.isRollback()) {
            return new Decision(null, "no automatic rollback: this deployment is itself a rollback (of "
                    + ended.rollbackOf() + ")");
        }
        if (!hostsTouched) {
            return new Decision(null, "no automatic rollback: no host was changed");
        }
        Optional<Deployment> last = store.lastSucceeded(ended.groupId());
        if (last.isEmpty()) {
            return new Decision(null, "no automatic rollback: the group has no earlier successful deployment "
                    + "to return to");
        }
        // The group's own config: a rollback has the group's in-place order, whatever the failed one used.
        DeploymentConfig config = configs.find(group.configName()).orElse(DeploymentConfig.DEFAULT);
        Deployment rollback = new Deployment(Secrets.newId("d-"), ended.application(), ended.groupName(),
                ended.groupId(), last.get().revisionId(), config.name(), config.minimumHealthyHosts(),
                DeploymentStatus.CREATED, Deployment.ROLLBACK_CREATOR,
                "automatic rollback of " + ended.id() + " (" + trigger + ")", null, ended.id(), null,
                // The failed revision's stop scripts may be what broke; they must not block the way back.
                true, ended.fileExistsBehavior(), Boolean.FALSE, null, now, null, null);
        return new Decision(rollback, null);
    }

    /**
     * The deployment's override wins: {@code true} rolls back on the group's triggers, or on failures and
     * failed health gates when the group names none; {@code false} never.
     */
    static AutoRollback policy(Deployment deployment, DeploymentGroup group) {
        AutoRollback groupPolicy = group.autoRollback() == null ? AutoRollback.DISABLED : group.autoRollback();
        if (deployment.autoRollback() == null) {
            return groupPolicy;
        }
        if (!deployment.autoRollback()) {
            return AutoRollback.DISABLED;
        }
        return groupPolicy.triggers().isEmpty() ? AutoRollback.ON_FAILURE
                : new AutoRollback(true, EnumSet.copyOf(groupPolicy.triggers()));
    }
}
