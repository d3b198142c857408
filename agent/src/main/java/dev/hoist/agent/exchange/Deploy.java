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
 * @param secrets the deployment group's secret variables for hooks; in memory only, never in {@link #toString}
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
        Map<String, String> secrets) {

    public Deploy {
        events = List.copyOf(events);
        environment = Map.copyOf(environment);
        healthChecks = List.copyOf(healthChecks);
        secrets = Map.copyOf(secrets);
    }

    /** A command without secret variables. */
    public Deploy(String commandId, String deploymentId, String applicationName, String deploymentGroupName,
            String deploymentGroupId, String revisionId, BundleReference bundle, List<String> events,
            String fileExistsBehavior, boolean ignoreApplicationStopFailures, Map<String, String> environment,
            List<HealthCheckSpec> healthChecks) {
        this(commandId, deploymentId, applicationName, deploymentGroupName, deploymentGroupId, revisionId, bundle,
                events, fileExistsBehavior, ignoreApplicationStopFailures, environment, healthChecks, Map.of());
    }

    /** Never the secrets' values. */
    @Override
    public String toString() {
        return "Deploy[commandId=" + commandId + ", deploymentId=" + deploymentId + ", application=" + applicationName
                + ", group=" + deploymentGroupName + ", revisionId=" + revisionId + ", bundle=" + bundle + ", events="
                + events + ", environment=" + environment + ", secrets=" + secrets.keySet() + "]";
    }
}
