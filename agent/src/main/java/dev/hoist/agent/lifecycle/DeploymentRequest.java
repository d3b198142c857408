package dev.hoist.agent.lifecycle;

import dev.hoist.agent.bundle.BundleType;
import dev.hoist.protocol.appspec.FileExistsBehavior;
import dev.hoist.protocol.appspec.LifecycleEvent;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One deployment of one revision to this host, whoever asked for it (the controller or
 * {@code hoist-agent local}).
 *
 * @param commandId the controller's command id, {@code ""} for a local run
 * @param revisionId the controller's revision id, or {@code null} to derive one from the bundle digest
 * @param bundle the bundle on this host: an archive file, or a directory for local runs
 * @param expectedSha256 hex digest the bundle must have; {@code null} only for local runs
 * @param events the events to run, in order
 * @param fileExistsBehavior the deployment's default, used when the AppSpec names none; may be null
 * @param bundleCommit the git commit the revision came from, or {@code null}
 * @param extraEnvironment more variables for hooks (Hoist's own names take precedence)
 * @param appSpecFile the AppSpec file name, or {@code null} for {@code appspec.yml}, else {@code appspec.yaml}
 * @param secrets the deployment group's secret variables for hooks: masked in every output line and report,
 *     kept in memory only, and left out of {@link #toString}
 */
public record DeploymentRequest(
        String commandId,
        String deploymentId,
        String applicationName,
        String deploymentGroupName,
        String deploymentGroupId,
        String revisionId,
        Path bundle,
        BundleType bundleType,
        String expectedSha256,
        List<LifecycleEvent> events,
        FileExistsBehavior fileExistsBehavior,
        boolean ignoreApplicationStopFailures,
        String bundleCommit,
        Map<String, String> extraEnvironment,
        String appSpecFile,
        Map<String, String> secrets) {

    public DeploymentRequest {
        events = List.copyOf(events);
        extraEnvironment = Map.copyOf(extraEnvironment);
        secrets = Map.copyOf(secrets);
        if (events.isEmpty()) {
            throw new IllegalArgumentException("a deployment needs at least one event");
        }
        if (events.stream().distinct().count() != events.size()) {
            throw new IllegalArgumentException("events must not repeat: " + events);
        }
    }

    /** A deployment without secret variables (local runs). */
    public DeploymentRequest(String commandId, String deploymentId, String applicationName, String deploymentGroupName,
            String deploymentGroupId, String revisionId, Path bundle, BundleType bundleType, String expectedSha256,
            List<LifecycleEvent> events, FileExistsBehavior fileExistsBehavior, boolean ignoreApplicationStopFailures,
            String bundleCommit, Map<String, String> extraEnvironment, String appSpecFile) {
        this(commandId, deploymentId, applicationName, deploymentGroupName, deploymentGroupId, revisionId, bundle,
                bundleType, expectedSha256, events, fileExistsBehavior, ignoreApplicationStopFailures, bundleCommit,
                extraEnvironment, appSpecFile, Map.of());
    }

    /** Never the secrets' values. */
    @Override
    public String toString() {
        return "DeploymentRequest[commandId=" + commandId + ", deploymentId=" + deploymentId + ", application="
                + applicationName + ", group=" + deploymentGroupName + ", revisionId=" + revisionId + ", events="
                + events + ", extraEnvironment=" + extraEnvironment + ", secrets=" + secrets.keySet() + "]";
    }
}
