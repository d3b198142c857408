package dev.hoist.protocol.appspec;

import java.time.Duration;

/**
 * One script of a hook.
 *
 * @param location relative to the bundle root, normalised without a leading slash
 * @param timeout per script; 3600 s when the file gives none
 * @param runas user to run as, or {@code null} for the agent's own user
 */
public record HookScript(String location, Duration timeout, String runas) {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(3600);
}
