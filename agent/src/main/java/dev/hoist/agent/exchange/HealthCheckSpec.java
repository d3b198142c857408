package dev.hoist.agent.exchange;

/**
 * One health check of a {@link Deploy}, as sent: {@code deploy.DeployCommandReader} checks it and turns
 * it into a {@code health.HealthCheck}.
 *
 * @param kind which check; {@link Kind#NONE} when the controller named none (refused)
 * @param target the URL, {@code host:port} or shell command, by {@code kind}
 * @param expectedStatus for HTTP; 0 for any 2xx
 * @param intervalSeconds 0 for the default
 * @param timeoutSeconds 0 for the default
 */
public record HealthCheckSpec(Kind kind, String target, int expectedStatus, int intervalSeconds,
        int timeoutSeconds, int bakeSeconds) {

    public enum Kind { HTTP_URL, TCP_ADDRESS, COMMAND, NONE }
}
