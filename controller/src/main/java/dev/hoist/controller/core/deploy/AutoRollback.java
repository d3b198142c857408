package dev.hoist.controller.core.deploy;

import java.util.Set;

/**
 * When a failed deployment of a group is rolled back automatically (appspec.md §4): a new deployment of
 * the group's last successful revision, created by the system.
 */
public record AutoRollback(boolean enabled, Set<Trigger> triggers) {

    public enum Trigger {
        /** The deployment failed. */
        DEPLOYMENT_FAILURE,
        /** A health gate failed. */
        DEPLOYMENT_STOP_ON_ALARM,
        /** Someone stopped the deployment. */
        DEPLOYMENT_STOP_ON_REQUEST
    }

    public static final AutoRollback DISABLED = new AutoRollback(false, Set.of());
    /** What {@code --auto-rollback} turns on: failures and failed health gates. */
    public static final AutoRollback ON_FAILURE = new AutoRollback(true,
            Set.of(Trigger.DEPLOYMENT_FAILURE, Trigger.DEPLOYMENT_STOP_ON_ALARM));

    public AutoRollback {
        triggers = Set.copyOf(triggers);
    }

    public boolean triggersOn(Trigger trigger) {
        return enabled && triggers.contains(trigger);
    }
}
