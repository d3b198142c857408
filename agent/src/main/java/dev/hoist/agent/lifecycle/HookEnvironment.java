package dev.hoist.agent.lifecycle;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The variables every hook gets on top of the agent's (or the {@code runas} user's) environment:
 * CodeDeploy's names, then Hoist's own (appspec.md §3).
 */
final class HookEnvironment {

    private HookEnvironment() {
    }

    /**
     * @param revisionId the revision whose scripts run (the installed one for the stop events)
     * @param sha256 that revision's bundle digest
     * @param bundleCommit {@code null} when unknown
     */
    static Map<String, String> of(DeploymentRequest request, String event, String revisionId, String sha256,
            String bundleCommit, String deploymentRoot) {
        Map<String, String> env = new LinkedHashMap<>(request.extraEnvironment());
        env.put("LIFECYCLE_EVENT", event);
        env.put("DEPLOYMENT_ID", request.deploymentId());
        env.put("APPLICATION_NAME", request.applicationName());
        env.put("DEPLOYMENT_GROUP_NAME", request.deploymentGroupName());
        env.put("DEPLOYMENT_GROUP_ID", request.deploymentGroupId());
        if (bundleCommit != null && !bundleCommit.isEmpty()) {
            env.put("BUNDLE_COMMIT", bundleCommit);
        } else {
            env.remove("BUNDLE_COMMIT");
        }
        env.put("HOIST_REVISION_ID", revisionId);
        env.put("HOIST_BUNDLE_SHA256", sha256);
        env.put("HOIST_DEPLOYMENT_ROOT", deploymentRoot);
        return env;
    }
}
