package dev.hoist.agent.exchange;

/**
 * How the balancer step of a host's {@code BlockTraffic} or {@code AllowTraffic} went (controller to the
 * host's agent, which waits for it while the event is in flight).
 *
 * @param failure the failure class name when not {@code ok}
 */
public record TrafficStepOutcome(String commandId, String event, boolean ok, String failure, String message) {
}
