package dev.hoist.agent.exchange;

/** The controller has durably taken the result of {@code commandId} in: nothing about it needs sending again. */
public record ResultAcknowledged(String commandId) {
}
