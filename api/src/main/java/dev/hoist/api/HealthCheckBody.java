package dev.hoist.api;

/**
 * A health gate of a deployment group.
 *
 * @param type {@code http}, {@code tcp} or {@code command}
 * @param target the URL, {@code host:port}, or command line
 * @param expectedStatus HTTP only; {@code 0} (the default) accepts any 2xx
 * @param intervalSeconds between checks (default 5)
 * @param timeoutSeconds for one check (default 5)
 * @param bakeSeconds how long the check must keep passing (default 0: once)
 */
public record HealthCheckBody(String type, String target, Integer expectedStatus, Integer intervalSeconds,
        Integer timeoutSeconds, Integer bakeSeconds) {
}
