package dev.hoist.agent.connection;

import com.google.protobuf.ByteString;
import dev.hoist.agent.exchange.AgentReport;
import dev.hoist.agent.exchange.BundlePart;
import dev.hoist.agent.exchange.BundleReference;
import dev.hoist.agent.exchange.BundleWanted;
import dev.hoist.agent.exchange.Cancel;
import dev.hoist.agent.exchange.CommandAnswer;
import dev.hoist.agent.exchange.Deploy;
import dev.hoist.agent.exchange.EventProgress;
import dev.hoist.agent.exchange.HealthCheckSpec;
import dev.hoist.agent.exchange.HostOutcome;
import dev.hoist.agent.exchange.LogBatch;
import dev.hoist.agent.exchange.ResultAcknowledged;
import dev.hoist.agent.exchange.RouterAnswer;
import dev.hoist.agent.exchange.RouterRequest;
import dev.hoist.agent.exchange.TrafficStepOutcome;
import dev.hoist.agent.lifecycle.EventStatus;
import dev.hoist.agent.lifecycle.OutputLine;
import dev.hoist.protocol.v1.BundleChunk;
import dev.hoist.protocol.v1.BundleRequest;
import dev.hoist.protocol.v1.CancelCommand;
import dev.hoist.protocol.v1.CommandAck;
import dev.hoist.protocol.v1.DeployCommand;
import dev.hoist.protocol.v1.EnrollRequest;
import dev.hoist.protocol.v1.EnrollResponse;
import dev.hoist.protocol.v1.Envelope;
import dev.hoist.protocol.v1.HealthCheck;
import dev.hoist.protocol.v1.HostFacts;
import dev.hoist.protocol.v1.HostResult;
import dev.hoist.protocol.v1.HostResultAck;
import dev.hoist.protocol.v1.LogLine;
import dev.hoist.protocol.v1.LogLines;
import dev.hoist.protocol.v1.RouterCommand;
import dev.hoist.protocol.v1.RouterResult;
import dev.hoist.protocol.v1.RouterServer;
import dev.hoist.protocol.v1.Status;
import dev.hoist.protocol.v1.TrafficStepResult;
import java.util.List;

/**
 * The one place where the agent's plain types ({@code dev.hoist.agent.exchange}, the enrollment records)
 * become generated protobuf messages and back, field for field. Nothing outside {@code connection} sees
 * a protobuf type; the wire content is exactly what the deployment code used to build itself.
 *
 * <p>Stateless: every method is a pure function of its arguments.
 */
final class WireTranslator {

    private WireTranslator() {
    }

    // ---- controller -> agent ----

    static Deploy deploy(DeployCommand command) {
        return new Deploy(
                command.getCommandId(),
                command.getDeploymentId(),
                command.getApplicationName(),
                command.getDeploymentGroupName(),
                command.getDeploymentGroupId(),
                command.getRevisionId(),
                new BundleReference(command.getBundleSha256(), command.getBundleSizeBytes(), command.getBundleType(),
                        command.getBundleCommit(), command.getBundleUrl(), command.getRevisionSignature()),
                command.getEventsList(),
                command.getFileExistsBehavior(),
                command.getIgnoreApplicationStopFailures(),
                command.getEnvironmentMap(),
                command.getHealthChecksList().stream().map(WireTranslator::healthCheck).toList(),
                command.getTrafficStepTimeoutSeconds(), command.getSecretEnvironmentMap(),
                command.hasAgentUpgrade() ? command.getAgentUpgrade().getVersion() : "");
    }

    static TrafficStepOutcome trafficStep(TrafficStepResult result) {
        return new TrafficStepOutcome(result.getCommandId(), result.getEvent(), result.getOk(), result.getFailure(),
                result.getMessage());
    }

    static RouterRequest routerRequest(RouterCommand command) {
        RouterRequest.Action action = switch (command.getAction()) {
            case BLOCK -> RouterRequest.Action.BLOCK;
            case ALLOW -> RouterRequest.Action.ALLOW;
            case READ -> RouterRequest.Action.READ;
            default -> RouterRequest.Action.UNKNOWN;
        };
        return new RouterRequest(command.getRequestId(), action, command.getBackendsList(), command.getServer(),
                command.getDrainTimeoutSeconds(), command.getUpTimeoutSeconds(), command.getGuardTimeoutSeconds());
    }

    static HealthCheckSpec healthCheck(HealthCheck check) {
        HealthCheckSpec.Kind kind;
        String target;
        switch (check.getCheckCase()) {
            case HTTP_URL -> {
                kind = HealthCheckSpec.Kind.HTTP_URL;
                target = check.getHttpUrl();
            }
            case TCP_ADDRESS -> {
                kind = HealthCheckSpec.Kind.TCP_ADDRESS;
                target = check.getTcpAddress();
            }
            case COMMAND -> {
                kind = HealthCheckSpec.Kind.COMMAND;
                target = check.getCommand();
            }
            default -> {
                kind = HealthCheckSpec.Kind.NONE;
                target = "";
            }
        }
        // uint32 on the wire: a value beyond Integer.MAX_VALUE reads as negative, as it did before.
        return new HealthCheckSpec(kind, target, check.getExpectedStatus(), check.getIntervalSeconds(),
                check.getTimeoutSeconds(), check.getBakeSeconds());
    }

    static Cancel cancel(CancelCommand cancel) {
        return new Cancel(cancel.getCommandId(), cancel.getAllowRunningHooksToFinish());
    }

    /** Shares the message's bytes (read-only), without copying them. */
    static BundlePart bundlePart(BundleChunk chunk) {
        return new BundlePart(chunk.getSha256(), chunk.getOffset(), chunk.getData().asReadOnlyByteBuffer(),
                chunk.getLast(), chunk.getError());
    }

    static ResultAcknowledged resultAcknowledged(HostResultAck ack) {
        return new ResultAcknowledged(ack.getCommandId());
    }

    // ---- agent -> controller ----

    /** The envelope for {@code report}, from agent {@code agentId}; the sequence number is set when sent. */
    static Envelope.Builder envelope(AgentReport report, String agentId) {
        Envelope.Builder envelope = Envelope.newBuilder();
        if (report instanceof CommandAnswer answer) {
            envelope.setCommandAck(CommandAck.newBuilder()
                    .setCommandId(answer.commandId())
                    .setAccepted(answer.accepted())
                    .setMessage(orEmpty(answer.message())));
        } else if (report instanceof BundleWanted wanted) {
            envelope.setBundleRequest(BundleRequest.newBuilder()
                    .setSha256(wanted.sha256()).setOffset(wanted.offset()).setLength(wanted.length()));
        } else if (report instanceof EventProgress progress) {
            envelope.setEventStatus(eventStatus(progress, agentId));
        } else if (report instanceof LogBatch batch) {
            envelope.setLogLines(logLines(batch, agentId));
        } else if (report instanceof HostOutcome outcome) {
            envelope.setHostResult(hostResult(outcome, agentId));
        } else if (report instanceof RouterAnswer answer) {
            envelope.setRouterResult(routerResult(answer, agentId));
        } else {
            throw new IllegalArgumentException("no wire message for " + report);
        }
        return envelope;
    }

    private static RouterResult.Builder routerResult(RouterAnswer answer, String agentId) {
        RouterResult.Builder builder = RouterResult.newBuilder()
                .setRequestId(answer.requestId())
                .setOk(answer.ok())
                .setFailure(orEmpty(answer.failure()))
                .setMessage(orEmpty(answer.message()))
                .setElapsedMillis(Math.max(0, answer.elapsedMillis()))
                .setAgentId(agentId);
        for (RouterAnswer.ServerState server : answer.servers()) {
            builder.addServers(RouterServer.newBuilder().setBackend(orEmpty(server.backend()))
                    .setServer(orEmpty(server.server())).setStatus(orEmpty(server.status()))
                    .setConnections(Math.max(0, server.connections())).setAdminState(orEmpty(server.adminState())));
        }
        return builder;
    }

    private static dev.hoist.protocol.v1.EventStatus.Builder eventStatus(EventProgress report, String agentId) {
        dev.hoist.protocol.v1.EventStatus.Builder builder = dev.hoist.protocol.v1.EventStatus.newBuilder()
                .setCommandId(report.commandId())
                .setDeploymentId(report.deploymentId())
                .setEvent(report.event())
                .setStatus(status(report.status()))
                .setMessage(orEmpty(report.message()))
                .setAgentId(agentId);
        if (report.failure() != null) {
            builder.setFailure(report.failure().name());
        }
        if (report.exitCode() != null) {
            builder.setHasExitCode(true).setExitCode(report.exitCode());
        }
        if (report.startedAt() != null) {
            builder.setStartedAtUnixMillis(report.startedAt().toEpochMilli());
        }
        if (report.endedAt() != null) {
            builder.setEndedAtUnixMillis(report.endedAt().toEpochMilli());
        }
        return builder;
    }

    private static LogLines.Builder logLines(LogBatch batch, String agentId) {
        LogLines.Builder builder = LogLines.newBuilder()
                .setCommandId(batch.commandId())
                .setDeploymentId(batch.deploymentId())
                .setEvent(batch.event())
                .setFirstLineNumber(batch.firstLineNumber());
        for (OutputLine line : batch.lines()) {
            builder.addLines(LogLine.newBuilder()
                    .setAtUnixMillis(line.at().toEpochMilli())
                    .setStream(switch (line.stream()) {
                        case STDOUT -> LogLine.Stream.STDOUT;
                        case STDERR -> LogLine.Stream.STDERR;
                        case AGENT -> LogLine.Stream.AGENT;
                    })
                    .setScript(line.script())
                    .setText(line.text()));
        }
        return builder.setAgentId(agentId);
    }

    private static HostResult.Builder hostResult(HostOutcome outcome, String agentId) {
        HostResult.Builder result = HostResult.newBuilder()
                .setCommandId(outcome.commandId())
                .setDeploymentId(orEmpty(outcome.deploymentId()))
                .setStatus(outcome.succeeded() ? Status.SUCCEEDED : Status.FAILED)
                .setMessage(orEmpty(outcome.message()))
                .setAgentId(agentId);
        if (outcome.failure() != null) {
            result.setFailure(outcome.failure());
        }
        return result;
    }

    static Status status(EventStatus status) {
        return switch (status) {
            case PENDING -> Status.PENDING;
            case IN_PROGRESS -> Status.IN_PROGRESS;
            case SUCCEEDED -> Status.SUCCEEDED;
            case FAILED -> Status.FAILED;
            case SKIPPED -> Status.SKIPPED;
        };
    }

    // ---- enrollment ----

    static EnrollRequest enrollRequest(EnrollmentRequest request, HostFacts facts) {
        return EnrollRequest.newBuilder()
                .setToken(request.token())
                .setCsrDer(ByteString.copyFrom(request.csrDer()))
                .setFacts(facts)
                .putAllTags(request.tags())
                .setAgentVersion(request.agentVersion())
                .build();
    }

    static EnrollmentAnswer enrollmentAnswer(EnrollResponse response) {
        EnrollmentAnswer.Status status = switch (response.getStatus()) {
            case OK -> EnrollmentAnswer.Status.OK;
            case TOKEN_UNKNOWN -> EnrollmentAnswer.Status.TOKEN_UNKNOWN;
            case TOKEN_EXPIRED -> EnrollmentAnswer.Status.TOKEN_EXPIRED;
            case TOKEN_SPENT -> EnrollmentAnswer.Status.TOKEN_SPENT;
            default -> EnrollmentAnswer.Status.REFUSED;
        };
        List<byte[]> cas = response.getCaCertificatesDerList().stream().map(ByteString::toByteArray).toList();
        return new EnrollmentAnswer(status, response.getStatus().name(), response.getMessage(),
                response.getAgentId(), response.getCertificateDer().toByteArray(), cas);
    }

    private static String orEmpty(String text) {
        return text == null ? "" : text;
    }
}
