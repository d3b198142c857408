package dev.hoist.controller.core.deploy;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The work for one host of one deployment, as the orchestrator hands it to {@link AgentCommands}.
 * The gateway translates it into the wire's {@code DeployCommand}.
 *
 * @param commandId unique per (deployment, host, attempt); redelivering it is harmless
 * @param events lifecycle events to run, in order, by their CodeDeploy names
 * @param fileExistsBehavior {@code DISALLOW}, {@code OVERWRITE} or {@code RETAIN}
 * @param environment extra hook environment, e.g. {@code BUNDLE_COMMIT}
 * @param trafficStepTimeout for a group behind a load balancer, how long the host waits at BlockTraffic and
 *     AllowTraffic for the balancer's step; zero otherwise
 * @param secrets the group's secret variables, in the clear: never logged ({@link #toString} leaves them out)
 * @param agentUpgradeVersion set when the work upgrades the host's agent to this version ({@link AgentDistributions}):
 *     the bundle is an agent distribution; null for a deployment
 * @param revisionSignature the revision's Base64 signature, or null when unsigned: agents that trust keys
 *     check it against the bundle they fetch
 */
public record HostDeployment(
        String commandId,
        String deploymentId,
        String application,
        String groupName,
        String groupId,
        String revisionId,
        String bundleSha256,
        long bundleSizeBytes,
        String bundleType,
        List<String> events,
        String fileExistsBehavior,
        boolean ignoreApplicationStopFailures,
        Duration scriptTimeoutLimit,
        List<HealthCheckSpec> healthChecks,
        Map<String, String> environment,
        Duration trafficStepTimeout,
        Map<String, String> secrets,
        String agentUpgradeVersion,
        String revisionSignature) {

    public HostDeployment {
        events = List.copyOf(events);
        healthChecks = List.copyOf(healthChecks);
        environment = Map.copyOf(environment);
        trafficStepTimeout = trafficStepTimeout == null ? Duration.ZERO : trafficStepTimeout;
        secrets = secrets == null ? Map.of() : Map.copyOf(secrets);
    }

    /** A deployment's work (not an agent upgrade) for an unsigned revision. */
    public HostDeployment(String commandId, String deploymentId, String application, String groupName,
            String groupId, String revisionId, String bundleSha256, long bundleSizeBytes, String bundleType,
            List<String> events, String fileExistsBehavior, boolean ignoreApplicationStopFailures,
            Duration scriptTimeoutLimit, List<HealthCheckSpec> healthChecks, Map<String, String> environment,
            Duration trafficStepTimeout, Map<String, String> secrets) {
        this(commandId, deploymentId, application, groupName, groupId, revisionId, bundleSha256, bundleSizeBytes,
                bundleType, events, fileExistsBehavior, ignoreApplicationStopFailures, scriptTimeoutLimit,
                healthChecks, environment, trafficStepTimeout, secrets, null, null);
    }

    /** Work for a host with no load balancer in front of it and no secret variables. */
    public HostDeployment(String commandId, String deploymentId, String application, String groupName,
            String groupId, String revisionId, String bundleSha256, long bundleSizeBytes, String bundleType,
            List<String> events, String fileExistsBehavior, boolean ignoreApplicationStopFailures,
            Duration scriptTimeoutLimit, List<HealthCheckSpec> healthChecks, Map<String, String> environment) {
        this(commandId, deploymentId, application, groupName, groupId, revisionId, bundleSha256, bundleSizeBytes,
                bundleType, events, fileExistsBehavior, ignoreApplicationStopFailures, scriptTimeoutLimit,
                healthChecks, environment, Duration.ZERO, Map.of(), null, null);
    }

    /** Everything but the secrets' values. */
    @Override
    public String toString() {
        return "HostDeployment[commandId=" + commandId + ", deploymentId=" + deploymentId + ", application="
                + application + ", group=" + groupName + " (" + groupId + "), revisionId=" + revisionId
                + ", events=" + events + ", environment=" + environment + ", trafficStepTimeout="
                + trafficStepTimeout + ", secrets=" + secrets.keySet()
                + (agentUpgradeVersion == null ? "" : ", agentUpgradeVersion=" + agentUpgradeVersion) + "]";
    }
}
