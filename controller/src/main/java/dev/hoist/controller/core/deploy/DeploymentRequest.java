package dev.hoist.controller.core.deploy;

/**
 * What a caller asks for when creating a deployment, before validation.
 *
 * @param revision {@code latest} (also when null) or a revision id of the application
 * @param config a deployment config name, or null for the group's
 * @param fileExistsBehavior {@code DISALLOW}, {@code OVERWRITE} or {@code RETAIN}, or null for the group's
 * @param autoRollback overrides the group's automatic rollback setting, or null to keep it
 */
public record DeploymentRequest(
        String application,
        String group,
        String revision,
        String config,
        boolean ignoreApplicationStopFailures,
        String fileExistsBehavior,
        Boolean autoRollback,
        String description) {

    public static final String LATEST = "latest";
}
