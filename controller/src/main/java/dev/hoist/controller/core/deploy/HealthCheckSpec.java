package dev.hoist.controller.core.deploy;

import java.time.Duration;

/**
 * A health gate of a deployment group, run by each agent after {@code ValidateService}: the check must
 * pass at every round, {@code interval} apart, for {@code bake}; a failure fails the host with
 * {@code HEALTH_CHECK_FAILED}.
 *
 * @param target the URL (HTTP), {@code host:port} (TCP) or the command line (COMMAND)
 * @param expectedStatus for HTTP; 0 accepts any 2xx
 */
public record HealthCheckSpec(
        Kind kind,
        String target,
        int expectedStatus,
        Duration interval,
        Duration timeout,
        Duration bake) {

    public enum Kind { HTTP, TCP, COMMAND }

    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(5);
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_BAKE = Duration.ZERO;
}
