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
 */
public record ScriptInvocation(
        String event,
        Path revisionRoot,
        String location,
        Duration timeout,
        String runas,
        Map<String, String> environment) {

    public ScriptInvocation {
        environment = Map.copyOf(environment);
    }
}
