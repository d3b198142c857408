package dev.hoist.agent.exchange;

/**
 * A report about a command that the controller must get even across reconnects: kept by
 * {@code deploy.ReportOutbox} until the controller acknowledges the command's result.
 */
public sealed interface CommandReport extends AgentReport permits EventProgress, LogBatch, HostOutcome {

    String commandId();
}
