package dev.hoist.agent.exchange;

/** The controller asks to stop a command; with {@code allowRunningHooksToFinish} the running hook may end. */
public record Cancel(String commandId, boolean allowRunningHooksToFinish) {
}
