package dev.hoist.agent.lifecycle;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * One hook script to run.
 *
 * @param revisionRoot the unpacked revision: the script's working directory, and what {@code location}
 *     is relative to
 * @param runas user to run as, or {@code null} for the agent's own user and environment
 * @param environment the Hoist and CodeDeploy variables, added to the agent's environment (or, with
 *     {@code runas}, to that overlaid with the user's login environment)
 * @param secrets the deployment group's secret variables: in the script's environment too (never on a
 *     command line, where {@code ps} would show them), and masked in its output
 */
public record ScriptInvocation(
        String event,
        Path revisionRoot,
        String location,
        Duration timeout,
        String runas,
        Map<String, String> environment,
        Map<String, String> secrets) {

    public ScriptInvocation {
        environment = Map.copyOf(environment);
        secrets = Map.copyOf(secrets);
    }

    /** A script without secret variables. */
    public ScriptInvocation(String event, Path revisionRoot, String location, Duration timeout, String runas,
            Map<String, String> environment) {
        this(event, revisionRoot, location, timeout, runas, environment, Map.of());
    }

    /** What hides the secrets' values in the script's output. */
    public SecretMask mask() {
        return SecretMask.of(secrets.values());
    }

    /** Never the secrets' values. */
    @Override
    public String toString() {
        return "ScriptInvocation[event=" + event + ", location=" + location + ", runas=" + runas + ", environment="
                + environment + ", secrets=" + secrets.keySet() + "]";
    }
}
