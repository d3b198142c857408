package dev.hoist.api;

/**
 * Body of {@code POST /api/v1/deployments}. Only {@code application} and {@code group} are required.
 *
 * @param revision {@code latest} (the default) or a revision id
 * @param autoRollback {@code true}/{@code false} overrides the group's automatic rollback
 * @param overrideFreeze an admin's reason to start inside a freeze window (audited); null otherwise
 */
public record CreateDeploymentRequest(
        String application,
        String group,
        String revision,
        String config,
        Boolean ignoreApplicationStopFailures,
        String fileExistsBehavior,
        Boolean autoRollback,
        String description,
        String overrideFreeze) {

    /** A request that overrides no freeze. */
    public CreateDeploymentRequest(String application, String group, String revision, String config,
            Boolean ignoreApplicationStopFailures, String fileExistsBehavior, Boolean autoRollback,
            String description) {
        this(application, group, revision, config, ignoreApplicationStopFailures, fileExistsBehavior, autoRollback,
                description, null);
    }
}
