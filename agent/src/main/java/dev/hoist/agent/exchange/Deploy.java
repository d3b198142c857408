package dev.hoist.agent.exchange;

import java.util.List;
import java.util.Map;

/**
 * A command to run a deployment on this host, as the controller sent it and before anything checked it
 * ({@code deploy.DeployCommandReader} does): strings are never {@code null}, but may be empty or wrong.
 *
 * @param revisionId empty when the controller named none
 * @param events lifecycle event names to run, in order, as sent
 * @param fileExistsBehavior {@code DISALLOW}, {@code OVERWRITE}, {@code RETAIN} or empty for the AppSpec's
 * @param environment extra hook environment
 * @param healthChecks run after ValidateService
 * @param trafficStepTimeoutSeconds non-zero when the group is behind a load balancer: how long BlockTraffic
 *     and AllowTraffic wait for the controller's {@link TrafficStepOutcome}
 * @param secrets the deployment group's secret variables for hooks; in memory only, never in {@link #toString}
 * @param agentUpgradeVersion non-empty when the command upgrades the agent itself to this version: the bundle
 *     is an agent distribution, not an AppSpec bundle ({@code upgrade.AgentUpgrader})
 */
public record Deploy(
        String commandId,
        String deploymentId,
        String applicationName,
        String deploymentGroupName,
        String deploymentGroupId,
        String revisionId,
        BundleReference bundle,
        List<String> events,
        String fileExistsBehavior,
        boolean ignoreApplicationStopFailures,
        Map<String, String> environment,
        List<HealthCheckSpec> healthChecks,
        int trafficStepTimeoutSeconds,
        Map<String, String> secrets,
        String agentUpgradeVersion) {

    public Deploy {
        events = List.copyOf(events);
        environment = Map.copyOf(environment);
        healthChecks = List.copyOf(healthChecks);
        secrets = secrets == null ? Map.of() : Map.copyOf(secrets);
        agentUpgradeVersion = agentUpgradeVersion == null ? "" : agentUpgradeVersion;
    }

    /** A deployment command (not an agent upgrade). */
    public Deploy(String commandId, String deploymentId, String applicationName, String deploymentGroupName,
            String deploymentGroupId, String revisionId, BundleReference bundle, List<String> events,
            String fileExistsBehavior, boolean ignoreApplicationStopFailures, Map<String, String> environment,
            List<HealthCheckSpec> healthChecks, int trafficStepTimeoutSeconds, Map<String, String> secrets) {
        this(commandId, deploymentId, applicationName, deploymentGroupName, deploymentGroupId, revisionId, bundle,
                events, fileExistsBehavior, ignoreApplicationStopFailures, environment, healthChecks,
                trafficStepTimeoutSeconds, secrets, "");
    }

    /** Whether this command upgrades the agent itself rather than deploying an application. */
    public boolean isAgentUpgrade() {
        return !agentUpgradeVersion.isEmpty();
    }

    /** A command for a group with no load balancer and no secret variables. */
    public Deploy(String commandId, String deploymentId, String applicationName, String deploymentGroupName,
            String deploymentGroupId, String revisionId, BundleReference bundle, List<String> events,
            String fileExistsBehavior, boolean ignoreApplicationStopFailures, Map<String, String> environment,
            List<HealthCheckSpec> healthChecks) {
        this(commandId, deploymentId, applicationName, deploymentGroupName, deploymentGroupId, revisionId, bundle,
                events, fileExistsBehavior, ignoreApplicationStopFailures, environment, healthChecks, 0, Map.of());
    }

    /** A command for a group behind a load balancer, without secret variables. */
    public Deploy(String commandId, String deploymentId, String applicationName, String deploymentGroupName,
            String deploymentGroupId, String revisionId, BundleReference bundle, List<String> events,
            String fileExistsBehavior, boolean ignoreApplicationStopFailures, Map<String, String> environment,
            List<HealthCheckSpec> healthChecks, int trafficStepTimeoutSeconds) {
        this(commandId, deploymentId, applicationName, deploymentGroupName, deploymentGroupId, revisionId, bundle,
                events, fileExistsBehavior, ignoreApplicationStopFailures, environment, healthChecks,
                trafficStepTimeoutSeconds, Map.of());
    }

    /** A command with secret variables, for a group with no load balancer. */
    public Deploy(String commandId, String deploymentId, String applicationName, String deploymentGroupName,
            String deploymentGroupId, String revisionId, BundleReference bundle, List<String> events,
            String fileExistsBehavior, boolean ignoreApplicationStopFailures, Map<String, String> environment,
            List<HealthCheckSpec> healthChecks, Map<String, String> secrets) {
        this(commandId, deploymentId, applicationName, deploymentGroupName, deploymentGroupId, revisionId, bundle,
                events, fileExistsBehavior, ignoreApplicationStopFailures, environment, healthChecks, 0, secrets);
    }

    /** Never the secrets' values. */
    @Override
    public String toString() {
        return "Deploy[commandId=" + commandId + ", deploymentId=" + deploymentId + ", application=" + applicationName
                + ", group=" + deploymentGroupName + ", revisionId=" + revisionId + ", bundle=" + bundle + ", events="
                + events + ", environment=" + environment + ", trafficStepTimeoutSeconds=" + trafficStepTimeoutSeconds
                + ", secrets=" + secrets.keySet()
                + (agentUpgradeVersion.isEmpty() ? "" : ", agentUpgradeVersion=" + agentUpgradeVersion) + "]";
    }
}
