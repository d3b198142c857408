package dev.hoist.agent.deploy;

import dev.hoist.agent.exchange.EventProgress;
import dev.hoist.agent.exchange.HostOutcome;
import dev.hoist.agent.lifecycle.EventReport;

/** The agent's reports about a command, from what the engine and the ledger hold. */
final class Reports {

    private Reports() {
    }

    static EventProgress event(String commandId, String deploymentId, EventReport report) {
        return new EventProgress(commandId, deploymentId, report.event().wireName(), report.status(),
                report.failure(), report.message(), report.exitCode(), report.startedAt(), report.endedAt());
    }

    static HostOutcome result(CommandRecord record) {
        return new HostOutcome(record.commandId(), record.deploymentId(), "SUCCEEDED".equals(record.resultStatus()),
                record.resultFailure(), record.resultMessage());
    }
}
