package dev.hoist.agent.connection;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.hoist.agent.exchange.BundlePart;
import dev.hoist.agent.exchange.BundleWanted;
import dev.hoist.agent.exchange.Cancel;
import dev.hoist.agent.exchange.CommandAnswer;
import dev.hoist.agent.exchange.Deploy;
import dev.hoist.agent.exchange.EventProgress;
import dev.hoist.agent.exchange.HealthCheckSpec;
import dev.hoist.agent.exchange.HostOutcome;
import dev.hoist.agent.exchange.LogBatch;
import dev.hoist.agent.exchange.ResultAcknowledged;
import dev.hoist.agent.lifecycle.EventStatus;
import dev.hoist.agent.lifecycle.OutputLine;
import dev.hoist.protocol.deploy.FailureClass;
import dev.hoist.protocol.v1.BundleChunk;
import dev.hoist.protocol.v1.BundleRequest;
import dev.hoist.protocol.v1.CancelCommand;
import dev.hoist.protocol.v1.CommandAck;
import dev.hoist.protocol.v1.DeployCommand;
import dev.hoist.protocol.v1.EnrollResponse;
import dev.hoist.protocol.v1.Envelope;
import dev.hoist.protocol.v1.HealthCheck;
import dev.hoist.protocol.v1.HostFacts;
import dev.hoist.protocol.v1.HostResult;
import dev.hoist.protocol.v1.HostResultAck;
import dev.hoist.protocol.v1.LogLine;
import dev.hoist.protocol.v1.LogLines;
import dev.hoist.protocol.v1.Status;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The translation is the wire contract: each expected message below is built field by field the way the
 * deployment code built it before it stopped seeing protobuf types, and compared as serialized bytes.
 */
class WireTranslatorTest {
    private static final String AGENT = "agt-7";
    private static final Instant STARTED = Instant.parse("2026-01-02T03:04:05.678Z");
    private static final Instant ENDED = Instant.parse("2026-01-02T03:04:09.001Z");

    @Test
    void aDeployCommandKeepsEveryFieldTheAgentReads() {
        DeployCommand wire = DeployCommand.newBuilder().setCommandId("cmd-1").setDeploymentId("d-1")
                .setApplicationName("shop").setDeploymentGroupName("web").setDeploymentGroupId("g-web")
                .setRevisionId("rev-1").setBundleSha256("ab".repeat(32)).setBundleSizeBytes(4096)
                .setBundleType("tgz").addEvents("DownloadBundle").addEvents("Install")
                .setFileExistsBehavior("RETAIN").setIgnoreApplicationStopFailures(true)
                .putEnvironment("TIER", "web").setBundleCommit("c0ffee")
                .addHealthChecks(HealthCheck.newBuilder().setHttpUrl("http://127.0.0.1:8080/health")
                        .setExpectedStatus(204).setIntervalSeconds(2).setTimeoutSeconds(3).setBakeSeconds(30))
                .addHealthChecks(HealthCheck.newBuilder().setTcpAddress("127.0.0.1:5432"))
                .addHealthChecks(HealthCheck.newBuilder().setCommand("true"))
                .addHealthChecks(HealthCheck.newBuilder().setBakeSeconds(1))
                .build();

        Deploy deploy = WireTranslator.deploy(wire);

        assertThat(deploy.commandId()).isEqualTo("cmd-1");
        assertThat(deploy.deploymentId()).isEqualTo("d-1");
        assertThat(deploy.applicationName()).isEqualTo("shop");
        assertThat(deploy.deploymentGroupName()).isEqualTo("web");
        assertThat(deploy.deploymentGroupId()).isEqualTo("g-web");
        assertThat(deploy.revisionId()).isEqualTo("rev-1");
        assertThat(deploy.bundle().sha256()).isEqualTo("ab".repeat(32));
        assertThat(deploy.bundle().sizeBytes()).isEqualTo(4096);
        assertThat(deploy.bundle().type()).isEqualTo("tgz");
        assertThat(deploy.bundle().commit()).isEqualTo("c0ffee");
        assertThat(deploy.events()).containsExactly("DownloadBundle", "Install");
        assertThat(deploy.fileExistsBehavior()).isEqualTo("RETAIN");
        assertThat(deploy.ignoreApplicationStopFailures()).isTrue();
        assertThat(deploy.environment()).isEqualTo(Map.of("TIER", "web"));
        assertThat(deploy.healthChecks()).containsExactly(
                new HealthCheckSpec(HealthCheckSpec.Kind.HTTP_URL, "http://127.0.0.1:8080/health", 204, 2, 3, 30),
                new HealthCheckSpec(HealthCheckSpec.Kind.TCP_ADDRESS, "127.0.0.1:5432", 0, 0, 0, 0),
                new HealthCheckSpec(HealthCheckSpec.Kind.COMMAND, "true", 0, 0, 0, 0),
                new HealthCheckSpec(HealthCheckSpec.Kind.NONE, "", 0, 0, 0, 1));
    }

    @Test
    void cancelsAcknowledgementsAndBundleChunksComeThrough() {
        assertThat(WireTranslator.cancel(CancelCommand.newBuilder().setCommandId("cmd-1")
                .setAllowRunningHooksToFinish(true).build())).isEqualTo(new Cancel("cmd-1", true));
        assertThat(WireTranslator.resultAcknowledged(HostResultAck.newBuilder().setCommandId("cmd-2").build()))
                .isEqualTo(new ResultAcknowledged("cmd-2"));

        BundlePart part = WireTranslator.bundlePart(BundleChunk.newBuilder().setSha256("ab".repeat(32))
                .setOffset(8).setData(ByteString.copyFromUtf8("bytes")).setLast(true).setError("").build());

        assertThat(part.sha256()).isEqualTo("ab".repeat(32));
        assertThat(part.offset()).isEqualTo(8);
        assertThat(part.last()).isTrue();
        assertThat(part.error()).isEmpty();
        assertThat(part.size()).isEqualTo(5);
        assertThat(StandardCharsets.UTF_8.decode(part.bytes()).toString()).isEqualTo("bytes");
        assertThat(StandardCharsets.UTF_8.decode(part.bytes()).toString()).as("each read starts over")
                .isEqualTo("bytes");
    }

    @Test
    void anEventStatusIsTheMessageTheAgentAlwaysSent() {
        EventProgress failed = new EventProgress("cmd-1", "d-1", "AfterInstall", EventStatus.FAILED,
                FailureClass.SCRIPT_FAILED, "scripts/migrate.sh exited with code 3", 3, STARTED, ENDED);
        EventProgress skipped = new EventProgress("cmd-1", "d-1", "ApplicationStart", EventStatus.SKIPPED, null,
                null, null, null, null);

        assertSameBytes(WireTranslator.envelope(failed, AGENT), Envelope.newBuilder().setEventStatus(
                dev.hoist.protocol.v1.EventStatus.newBuilder().setCommandId("cmd-1").setDeploymentId("d-1")
                        .setEvent("AfterInstall").setStatus(Status.FAILED)
                        .setMessage("scripts/migrate.sh exited with code 3").setAgentId(AGENT)
                        .setFailure("SCRIPT_FAILED").setHasExitCode(true).setExitCode(3)
                        .setStartedAtUnixMillis(STARTED.toEpochMilli()).setEndedAtUnixMillis(ENDED.toEpochMilli())));
        assertSameBytes(WireTranslator.envelope(skipped, AGENT), Envelope.newBuilder().setEventStatus(
                dev.hoist.protocol.v1.EventStatus.newBuilder().setCommandId("cmd-1").setDeploymentId("d-1")
                        .setEvent("ApplicationStart").setStatus(Status.SKIPPED).setMessage("").setAgentId(AGENT)));
    }

    @Test
    void everyEngineStatusHasItsWireStatus() {
        assertThat(List.of(EventStatus.values())).extracting(WireTranslator::status).containsExactly(
                Status.PENDING, Status.IN_PROGRESS, Status.SUCCEEDED, Status.FAILED, Status.SKIPPED);
    }

    @Test
    void aLogBatchIsTheMessageTheAgentAlwaysSent() {
        LogBatch batch = new LogBatch("cmd-1", "d-1", "Install", 17, List.of(
                new OutputLine(STARTED, OutputLine.Stream.STDOUT, "scripts/install.sh", "copying"),
                new OutputLine(STARTED, OutputLine.Stream.STDERR, "scripts/install.sh", "warning: old"),
                new OutputLine(ENDED, OutputLine.Stream.AGENT, "", "health gate: 1 check(s)")));

        assertSameBytes(WireTranslator.envelope(batch, AGENT), Envelope.newBuilder().setLogLines(LogLines.newBuilder()
                .setCommandId("cmd-1").setDeploymentId("d-1").setEvent("Install").setFirstLineNumber(17)
                .addLines(LogLine.newBuilder().setAtUnixMillis(STARTED.toEpochMilli())
                        .setStream(LogLine.Stream.STDOUT).setScript("scripts/install.sh").setText("copying"))
                .addLines(LogLine.newBuilder().setAtUnixMillis(STARTED.toEpochMilli())
                        .setStream(LogLine.Stream.STDERR).setScript("scripts/install.sh").setText("warning: old"))
                .addLines(LogLine.newBuilder().setAtUnixMillis(ENDED.toEpochMilli())
                        .setStream(LogLine.Stream.AGENT).setScript("").setText("health gate: 1 check(s)"))
                .setAgentId(AGENT)));
    }

    @Test
    void aHostResultIsTheMessageTheAgentAlwaysSent() {
        assertSameBytes(WireTranslator.envelope(new HostOutcome("cmd-1", "d-1", false, "HEALTH_CHECK_FAILED",
                "ValidateService failed: health check failed"), AGENT), Envelope.newBuilder().setHostResult(
                        HostResult.newBuilder().setCommandId("cmd-1").setDeploymentId("d-1").setStatus(Status.FAILED)
                                .setMessage("ValidateService failed: health check failed").setAgentId(AGENT)
                                .setFailure("HEALTH_CHECK_FAILED")));
        assertSameBytes(WireTranslator.envelope(new HostOutcome("cmd-2", null, true, null, null), AGENT),
                Envelope.newBuilder().setHostResult(HostResult.newBuilder().setCommandId("cmd-2")
                        .setDeploymentId("").setStatus(Status.SUCCEEDED).setMessage("").setAgentId(AGENT)));
    }

    @Test
    void commandAcksAndBundleRequestsAreTheMessagesTheAgentAlwaysSent() {
        assertSameBytes(WireTranslator.envelope(new CommandAnswer("cmd-1", false, "group busy"), AGENT),
                Envelope.newBuilder().setCommandAck(CommandAck.newBuilder().setCommandId("cmd-1").setAccepted(false)
                        .setMessage("group busy")));
        assertSameBytes(WireTranslator.envelope(new BundleWanted("ab".repeat(32), 1024, 8L << 20), AGENT),
                Envelope.newBuilder().setBundleRequest(BundleRequest.newBuilder().setSha256("ab".repeat(32))
                        .setOffset(1024).setLength(8L << 20)));
    }

    @Test
    void anEnrollmentAnswerKeepsTheStatusTheCommandTellsApart() {
        EnrollResponse ok = EnrollResponse.newBuilder().setStatus(EnrollResponse.Status.OK).setAgentId("agt-1")
                .setCertificateDer(ByteString.copyFrom(new byte[] {1, 2})).addCaCertificatesDer(
                        ByteString.copyFrom(new byte[] {3})).build();
        EnrollResponse csr = EnrollResponse.newBuilder().setStatus(EnrollResponse.Status.CSR_INVALID)
                .setMessage("bad csr").build();

        EnrollmentAnswer answer = WireTranslator.enrollmentAnswer(ok);
        assertThat(answer.status()).isEqualTo(EnrollmentAnswer.Status.OK);
        assertThat(answer.agentId()).isEqualTo("agt-1");
        assertThat(answer.certificateDer()).containsExactly(1, 2);
        assertThat(answer.caCertificatesDer()).singleElement().satisfies(der -> assertThat(der).containsExactly(3));
        assertThat(WireTranslator.enrollmentAnswer(csr)).satisfies(refused -> {
            assertThat(refused.status()).isEqualTo(EnrollmentAnswer.Status.REFUSED);
            assertThat(refused.statusName()).isEqualTo("CSR_INVALID");
            assertThat(refused.message()).isEqualTo("bad csr");
        });

        HostFacts facts = HostFacts.newBuilder().setHostname("web-1").build();
        assertThat(WireTranslator.enrollRequest(new EnrollmentRequest("secret", new byte[] {9}, Map.of("tier", "web"),
                "1.2.3"), facts)).satisfies(request -> {
                    assertThat(request.getToken()).isEqualTo("secret");
                    assertThat(request.getCsrDer().toByteArray()).containsExactly(9);
                    assertThat(request.getFacts()).isEqualTo(facts);
                    assertThat(request.getTagsMap()).isEqualTo(Map.of("tier", "web"));
                    assertThat(request.getAgentVersion()).isEqualTo("1.2.3");
                });
    }

    private static void assertSameBytes(Envelope.Builder actual, Envelope.Builder expected) {
        assertThat(actual.build().toByteArray()).isEqualTo(expected.build().toByteArray());
    }
}
