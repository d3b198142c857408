package dev.hoist.agent.deploy;

import dev.hoist.agent.lifecycle.EventReport;
import dev.hoist.protocol.deploy.FailureClass;
import dev.hoist.protocol.v1.Envelope;
import dev.hoist.protocol.v1.EventStatus;
import dev.hoist.protocol.v1.HostResult;
import dev.hoist.protocol.v1.Status;
import java.time.Instant;

/** Builders for the agent's reports on the wire: the one place that translates engine records to messages. */
final class Reports {

    private Reports() {
    }

    static Envelope event(String agentId, String commandId, String deploymentId, EventReport report) {
        return event(agentId, commandId, deploymentId, report.event().wireName(), status(report.status()),
                report.failure(), report.message(), report.exitCode(), report.startedAt(), report.endedAt());
    }

    static Envelope event(String agentId, String commandId, String deploymentId, String event, Status status,
            FailureClass failure, String message, Integer exitCode, Instant startedAt, Instant endedAt) {
        EventStatus.Builder builder = EventStatus.newBuilder()
                .setCommandId(commandId)
                .setDeploymentId(deploymentId)
                .setEvent(event)
                .setStatus(status)
                .setMessage(message == null ? "" : message)
                .setAgentId(agentId);
        if (failure != null) {
            builder.setFailure(failure.name());
        }
        if (exitCode != null) {
            builder.setHasExitCode(true).setExitCode(exitCode);
        }
        if (startedAt != null) {
            builder.setStartedAtUnixMillis(startedAt.toEpochMilli());
        }
        if (endedAt != null) {
            builder.setEndedAtUnixMillis(endedAt.toEpochMilli());
        }
        return Envelope.newBuilder().setEventStatus(builder).build();
    }

    static Envelope result(String agentId, CommandRecord record) {
        HostResult.Builder result = HostResult.newBuilder()
                .setCommandId(record.commandId())
                .setDeploymentId(record.deploymentId() == null ? "" : record.deploymentId())
                .setStatus("SUCCEEDED".equals(record.resultStatus()) ? Status.SUCCEEDED : Status.FAILED)
                .setMessage(record.resultMessage() == null ? "" : record.resultMessage())
                .setAgentId(agentId);
        if (record.resultFailure() != null) {
            result.setFailure(record.resultFailure());
        }
        return Envelope.newBuilder().setHostResult(result).build();
    }

    static Status status(dev.hoist.agent.lifecycle.EventStatus status) {
        return switch (status) {
            case PENDING -> Status.PENDING;
            case IN_PROGRESS -> Status.IN_PROGRESS;
            case SUCCEEDED -> Status.SUCCEEDED;
            case FAILED -> Status.FAILED;
            case SKIPPED -> Status.SKIPPED;
        };
    }
}
