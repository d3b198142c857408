package dev.hoist.controller.orchestrator;

import dev.hoist.controller.core.Refusal;
import dev.hoist.controller.core.Secrets;
import dev.hoist.controller.core.deploy.ApplicationStore;
import dev.hoist.controller.core.deploy.Deployment;
import dev.hoist.controller.core.deploy.DeploymentConfig;
import dev.hoist.controller.core.deploy.DeploymentConfigStore;
import dev.hoist.controller.core.deploy.DeploymentGroup;
import dev.hoist.controller.core.deploy.DeploymentGroupStore;
import dev.hoist.controller.core.deploy.DeploymentRequest;
import dev.hoist.controller.core.deploy.DeploymentStatus;
import dev.hoist.controller.core.deploy.GroupLookup;
import dev.hoist.controller.core.deploy.Revision;
import dev.hoist.controller.core.deploy.RevisionStore;
import dev.hoist.protocol.appspec.FileExistsBehavior;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Checks a deployment request against the catalog and turns it into a new deployment, or refuses it
 * naming what is unknown or invalid and how to find valid values. Only reads; safe on any thread.
 */
final class DeploymentAdmission {
    static final int MAX_DESCRIPTION = 1000;

    private final ApplicationStore applications;
    private final DeploymentGroupStore groups;
    private final RevisionStore revisions;
    private final DeploymentConfigStore configs;
    private final Clock clock;

    DeploymentAdmission(ApplicationStore applications, DeploymentGroupStore groups, RevisionStore revisions,
            DeploymentConfigStore configs, Clock clock) {
        this.applications = applications;
        this.groups = groups;
        this.revisions = revisions;
        this.configs = configs;
        this.clock = clock;
    }

    /** A deployment admitted by the catalog, with what it is deployed from. */
    record Admitted(Deployment deployment, DeploymentGroup group, Revision revision) {
    }

    Admitted admit(DeploymentRequest request, String creator) {
        String app = required(request.application(), "application");
        String groupName = required(request.group(), "group");
        if (request.description() != null && request.description().length() > MAX_DESCRIPTION) {
            throw Refusal.invalid("INVALID_DESCRIPTION", "description has " + request.description().length()
                    + " characters; at most " + MAX_DESCRIPTION + " are kept", Map.of("max", MAX_DESCRIPTION));
        }
        FileExistsBehavior fileExists = fileExistsBehavior(request.fileExistsBehavior());
        DeploymentGroup group = GroupLookup.require(applications, groups, app, groupName);
        Revision revision = revision(app, request.revision());
        String configName = request.config() == null || request.config().isBlank() ? group.configName()
                : request.config().trim();
        DeploymentConfig config = configs.find(configName).orElseThrow(() -> Refusal.notFound(
                "DEPLOYMENT_CONFIG_NOT_FOUND", "no deployment config named '" + configName
                        + "'; the built-ins are OneAtATime, HalfAtATime and AllAtOnce; list all with: hoist config list",
                Map.of("config", configName)));
        Deployment deployment = new Deployment(Secrets.newId("d-"), app, group.name(), group.id(), revision.id(),
                config.name(), config.minimumHealthyHosts(), DeploymentStatus.CREATED, creator,
                request.description(), null, null, null, request.ignoreApplicationStopFailures(), fileExists,
                request.autoRollback(), null, clock.instant(), null, null);
        return new Admitted(deployment, group, revision);
    }

    private Revision revision(String app, String requested) {
        if (requested == null || requested.isBlank() || requested.trim().equals(DeploymentRequest.LATEST)) {
            return revisions.latest(app).orElseThrow(() -> Refusal.notFound("REVISION_NOT_FOUND",
                    "application '" + app + "' has no revision yet; push one with: hoist push --app " + app
                            + " --source DIR", Map.of("application", app, "revision", DeploymentRequest.LATEST)));
        }
        String id = requested.trim();
        return revisions.find(id).filter(found -> found.application().equals(app))
                .orElseThrow(() -> Refusal.notFound("REVISION_NOT_FOUND", "application '" + app
                        + "' has no revision '" + id + "'; use 'latest' or an id from: hoist revision list --app "
                        + app, Map.of("application", app, "revision", id)));
    }

    private static FileExistsBehavior fileExistsBehavior(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return FileExistsBehavior.valueOf(text.trim());
        } catch (IllegalArgumentException e) {
            List<String> valid = Arrays.stream(FileExistsBehavior.values()).map(Enum::name).toList();
            throw Refusal.invalid("INVALID_FILE_EXISTS_BEHAVIOR", "fileExistsBehavior '" + text
                    + "' is not one of " + valid, Map.of("fileExistsBehavior", text, "valid", valid));
        }
    }

    private static String required(String value, String field) {
        if (value == null || value.isBlank()) {
            throw Refusal.invalid("INVALID_BODY", "'" + field + "' is required; send {\"application\": \"APP\", "
                    + "\"group\": \"GROUP\"} and optionally revision, config, ignoreApplicationStopFailures, "
                    + "fileExistsBehavior, autoRollback, description", Map.of("field", field));
        }
        return value.trim();
    }
}
