package dev.hoist.agent.exchange;

/** Whether a command was taken on; {@code message} says why not. Sent again, unchanged, on redelivery. */
public record CommandAnswer(String commandId, boolean accepted, String message) implements AgentReport {
}
