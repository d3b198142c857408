package dev.hoist.controller.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hoist.controller.artifacts.BlobStore;
import dev.hoist.controller.core.deploy.AgentReports;
import dev.hoist.controller.core.deploy.HealthCheckSpec;
import dev.hoist.controller.core.deploy.HostDeployment;
import dev.hoist.controller.core.deploy.HostStatus;
import dev.hoist.controller.testing.GatewayHarness;
import dev.hoist.controller.testing.PkiFixtures;
import dev.hoist.controller.testing.RawAgentClient;
import dev.hoist.protocol.v1.BundleChunk;
import dev.hoist.protocol.v1.BundleRequest;
import dev.hoist.protocol.v1.CommandAck;
import dev.hoist.protocol.v1.DeployCommand;
import dev.hoist.protocol.v1.Envelope;
import dev.hoist.protocol.v1.EventStatus;
import dev.hoist.protocol.v1.HostResult;
import dev.hoist.protocol.v1.LogLine;
import dev.hoist.protocol.v1.LogLines;
import dev.hoist.protocol.v1.Status;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Deployment work over a real TLS connection: commands out, reports in, bundles streamed with flow control. */
class GatewayDeploymentTest {
    private static final Duration DEADLINE = Duration.ofSeconds(20);

    @RegisterExtension
    static PkiFixtures pki = new PkiFixtures();

    @TempDir
    Path data;

    private GatewayHarness harness;

    @BeforeEach
    void startGateway() throws Exception {
        harness = new GatewayHarness(pki, data);
    }

    @AfterEach
    void stopGateway() throws Exception {
        harness.close();
    }

    private static HostDeployment work(String commandId) {
        return work(commandId, "ab".repeat(32));
    }

    private static HostDeployment work(String commandId, String sha256) {
        return new HostDeployment(commandId, "d-1", "shop", "web", "g-web", "rev-7", sha256, 1234, "tgz",
                List.of("ApplicationStop", "DownloadBundle", "Install", "ValidateService"), "OVERWRITE", true,
                Duration.ofMinutes(10),
                List.of(new HealthCheckSpec(HealthCheckSpec.Kind.HTTP, "http://127.0.0.1:1/health", 204,
                                Duration.ofSeconds(2), Duration.ofMillis(1500), Duration.ofSeconds(30)),
                        new HealthCheckSpec(HealthCheckSpec.Kind.TCP, "127.0.0.1:9", 0, Duration.ofSeconds(5),
                                Duration.ofSeconds(5), Duration.ZERO)),
                Map.of("BUNDLE_COMMIT", "c0ffee", "TIER", "web"));
    }

    /** The next message of the given kind, skipping heartbeats. */
    private static Envelope next(RawAgentClient client, Envelope.BodyCase kind) throws InterruptedException {
        long end = System.nanoTime() + DEADLINE.toNanos();
        while (System.nanoTime() < end) {
            Envelope envelope = client.next(Duration.ofMillis(200));
            if (envelope != null && envelope.getBodyCase() == kind) {
                return envelope;
            }
        }
        throw new AssertionError("no " + kind + " within " + DEADLINE);
    }

    @Test
    void aDeployCommandReachesTheAgentTranslated() throws Exception {
        try (RawAgentClient client = harness.connectAccepted("agt-worker", DEADLINE)) {
            assertThat(harness.gateway().deploy("agt-worker", work("cmd-1"))).isTrue();

            DeployCommand command = next(client, Envelope.BodyCase.DEPLOY_COMMAND).getDeployCommand();
            assertThat(command.getCommandId()).isEqualTo("cmd-1");
            assertThat(command.getDeploymentGroupId()).isEqualTo("g-web");
            assertThat(command.getBundleSha256()).isEqualTo("ab".repeat(32));
            assertThat(command.getBundleSizeBytes()).isEqualTo(1234);
            assertThat(command.getEventsList()).containsExactly("ApplicationStop", "DownloadBundle", "Install",
                    "ValidateService");
            assertThat(command.getFileExistsBehavior()).isEqualTo("OVERWRITE");
            assertThat(command.getIgnoreApplicationStopFailures()).isTrue();
            assertThat(command.getScriptTimeoutLimitSeconds()).isEqualTo(600);
            assertThat(command.getBundleCommit()).isEqualTo("c0ffee");
            assertThat(command.getEnvironmentMap()).containsEntry("TIER", "web");
            assertThat(command.getHealthChecks(0).getHttpUrl()).isEqualTo("http://127.0.0.1:1/health");
            assertThat(command.getHealthChecks(0).getExpectedStatus()).isEqualTo(204);
            assertThat(command.getHealthChecks(0).getTimeoutSeconds()).as("rounded up").isEqualTo(2);
            assertThat(command.getHealthChecks(0).getBakeSeconds()).isEqualTo(30);
            assertThat(command.getHealthChecks(1).getTcpAddress()).isEqualTo("127.0.0.1:9");

            assertThat(harness.gateway().cancel("agt-worker", "cmd-1", true)).isTrue();
            var cancel = next(client, Envelope.BodyCase.CANCEL_COMMAND).getCancelCommand();
            assertThat(cancel.getCommandId()).isEqualTo("cmd-1");
            assertThat(cancel.getAllowRunningHooksToFinish()).isTrue();
        }
        await().atMost(DEADLINE).until(() -> !harness.gateway().isConnected("agt-worker"));
        assertThat(harness.gateway().deploy("agt-worker", work("cmd-2"))).as("no connection").isFalse();
        assertThat(harness.gateway().deploy("agt-never-seen", work("cmd-3"))).isFalse();
    }

    @Test
    void aConnectionWhoseHelloIsNotAnsweredYetTakesNoCommand() throws Exception {
        harness.registerAgent("agt-shy");
        long handshakes = harness.meter("handshakes.ok");
        try (RawAgentClient client = RawAgentClient.connect(harness.port(), pki.valid("agt-shy"))) {
            await().atMost(DEADLINE).until(() -> harness.meter("handshakes.ok") > handshakes);

            assertThat(harness.gateway().isConnected("agt-shy")).as("connected only once its hello is accepted")
                    .isFalse();
            assertThat(harness.gateway().deploy("agt-shy", work("cmd-early"))).isFalse();
        }
    }

    @Test
    void manyCommandsAtOnceEachReachTheirAgent() throws Exception {
        try (RawAgentClient a = harness.connectAccepted("agt-a", DEADLINE); RawAgentClient b = harness.connectAccepted("agt-b", DEADLINE)) {
            for (int i = 0; i < 50; i++) {
                harness.gateway().deploy(i % 2 == 0 ? "agt-a" : "agt-b", work("cmd-" + i));
            }
            for (int i = 0; i < 50; i += 2) {
                assertThat(next(a, Envelope.BodyCase.DEPLOY_COMMAND).getDeployCommand().getCommandId())
                        .isEqualTo("cmd-" + i);
                assertThat(next(b, Envelope.BodyCase.DEPLOY_COMMAND).getDeployCommand().getCommandId())
                        .isEqualTo("cmd-" + (i + 1));
            }
        }
    }

    @Test
    void reportsArriveTranslatedInOrderAndTheResultIsAcknowledged() throws Exception {
        try (RawAgentClient client = harness.connectAccepted("agt-reporter", DEADLINE)) {
            long seq = 2;
            client.send(Envelope.newBuilder().setSeq(seq++).setCommandAck(CommandAck.newBuilder()
                    .setCommandId("cmd-9").setAccepted(true)).build());
            for (String event : List.of("DownloadBundle", "Install")) {
                client.send(Envelope.newBuilder().setSeq(seq++).setEventStatus(EventStatus.newBuilder()
                        .setCommandId("cmd-9").setDeploymentId("d-9").setEvent(event).setStatus(Status.IN_PROGRESS)
                        .setStartedAtUnixMillis(1_000).setAgentId("agt-reporter")).build());
                client.send(Envelope.newBuilder().setSeq(seq++).setLogLines(LogLines.newBuilder()
                        .setCommandId("cmd-9").setDeploymentId("d-9").setEvent(event).setFirstLineNumber(1)
                        .addLines(LogLine.newBuilder().setAtUnixMillis(1_500).setStream(LogLine.Stream.STDERR)
                                .setScript("scripts/x.sh").setText("hello from " + event))).build());
            }
            client.send(Envelope.newBuilder().setSeq(seq++).setEventStatus(EventStatus.newBuilder()
                    .setCommandId("cmd-9").setDeploymentId("d-9").setEvent("Install").setStatus(Status.FAILED)
                    .setFailure("SCRIPT_FAILED").setHasExitCode(true).setExitCode(3).setMessage("exit 3")
                    .setStartedAtUnixMillis(1_000).setEndedAtUnixMillis(2_000)).build());
            client.send(Envelope.newBuilder().setSeq(seq).setHostResult(HostResult.newBuilder()
                    .setCommandId("cmd-9").setDeploymentId("d-9").setStatus(Status.FAILED).setFailure("SCRIPT_FAILED")
                    .setMessage("Install failed").setAgentId("agt-reporter")).build());

            assertThat(next(client, Envelope.BodyCase.HOST_RESULT_ACK).getHostResultAck().getCommandId())
                    .isEqualTo("cmd-9");
        }
        var recorded = harness.reports;
        await().atMost(DEADLINE).until(() -> harness.presence.awaySince("agt-reporter").isPresent());
        assertThat(recorded.of("agt-reporter")).extracting(r -> r.kind()).containsExactly("connected", "ack",
                "event", "logs", "event", "logs", "event", "result");
        assertThat(recorded.acks("agt-reporter")).containsExactly(new dev.hoist.controller.testing
                .RecordingAgentReports.Ack("cmd-9", true, ""));
        AgentReports.EventReport failed = recorded.events("agt-reporter").get(2);
        assertThat(failed).isEqualTo(new AgentReports.EventReport("cmd-9", "d-9", "Install", HostStatus.FAILED,
                "SCRIPT_FAILED", "exit 3", 3, Instant.ofEpochMilli(1_000), Instant.ofEpochMilli(2_000)));
        assertThat(recorded.events("agt-reporter").get(0).exitCode()).isNull();
        assertThat(recorded.events("agt-reporter").get(0).endedAt()).isNull();
        AgentReports.LogEntry line = recorded.logs("agt-reporter").get(1).lines().get(0);
        assertThat(line).isEqualTo(new AgentReports.LogEntry(Instant.ofEpochMilli(1_500), "stderr", "scripts/x.sh",
                "hello from Install"));
        assertThat(recorded.results("agt-reporter")).containsExactly(new AgentReports.HostOutcome("cmd-9", "d-9",
                HostStatus.FAILED, "SCRIPT_FAILED", "Install failed"));
    }

    @Test
    void theHelloReportsTheAgentsPendingCommands() throws Exception {
        harness.registerAgent("agt-pending");
        try (RawAgentClient client = RawAgentClient.connect(harness.port(), pki.valid("agt-pending"))) {
            client.send(Envelope.newBuilder().setSeq(1).setHello(dev.hoist.protocol.v1.Hello.newBuilder()
                    .addProtocolVersions(1).setAgentId("agt-pending").addPendingCommandIds("cmd-a")
                    .addPendingCommandIds("cmd-b")).build());
            assertThat(client.next(DEADLINE).hasHelloAccepted()).isTrue();

            await().atMost(DEADLINE).until(() -> !harness.reports.connections("agt-pending").isEmpty());
            assertThat(harness.reports.connections("agt-pending")).containsExactly(List.of("cmd-a", "cmd-b"));
        }
    }

    @Test
    void aResultIsAcknowledgedOnlyOnceCommitted() throws Exception {
        harness.reports.holdAcknowledgements(true);
        try (RawAgentClient client = harness.connectAccepted("agt-unlucky", DEADLINE)) {
            client.send(Envelope.newBuilder().setSeq(2).setHostResult(HostResult.newBuilder()
                    .setCommandId("cmd-x").setStatus(Status.SUCCEEDED)).build());

            await().atMost(DEADLINE).until(() -> harness.reports.results("agt-unlucky").size() == 1);
            client.send(Envelope.newBuilder().setSeq(4).build()); // answered with a refusal, after any ack
            assertThat(client.next(DEADLINE).getBodyCase()).isEqualTo(Envelope.BodyCase.REFUSAL);

            harness.reports.releaseAcknowledgements();
            Envelope ack = client.next(DEADLINE);
            assertThat(ack.getBodyCase()).isEqualTo(Envelope.BodyCase.HOST_RESULT_ACK);
            assertThat(ack.getHostResultAck().getCommandId()).isEqualTo("cmd-x");
        }
    }

    @Test
    void aReportNamingAnotherAgentIsRefusedAndNotPassedOn() throws Exception {
        try (RawAgentClient client = harness.connectAccepted("agt-honest", DEADLINE)) {
            client.send(Envelope.newBuilder().setSeq(2).setHostResult(HostResult.newBuilder()
                    .setCommandId("cmd-1").setStatus(Status.SUCCEEDED).setAgentId("agt-victim")).build());
            client.send(Envelope.newBuilder().setSeq(3).setEventStatus(EventStatus.newBuilder()
                    .setCommandId("cmd-1").setEvent("Install").setStatus(Status.SUCCEEDED)
                    .setAgentId("agt-victim")).build());

            Envelope first = client.next(DEADLINE);
            Envelope second = client.next(DEADLINE);
            assertThat(first.getRefusal().getCode()).isEqualTo("IDENTITY_MISMATCH");
            assertThat(first.getRefusal().getRefusedSeq()).isEqualTo(2);
            assertThat(first.getRefusal().getMessage()).contains("agt-victim", "agt-honest");
            assertThat(second.getRefusal().getRefusedSeq()).isEqualTo(3);
            assertThat(harness.meter("refusals.identity_mismatch")).isEqualTo(2);
        }
        assertThat(harness.reports.results("agt-victim")).isEmpty();
        assertThat(harness.reports.results("agt-honest")).isEmpty();
        assertThat(harness.reports.events("agt-honest")).isEmpty();
    }

    @Test
    void aMultiMebibyteBundleStreamsInChunksAndResumesFromAnOffset() throws Exception {
        byte[] bundle = randomBytes(3 * 1024 * 1024 + 12_345);
        BlobStore.Stored stored = harness.bundles.put(new ByteArrayInputStream(bundle), Long.MAX_VALUE, null);

        harness.gateway().entrust("agt-fetcher", "cmd-fetch", stored.sha256());
        try (RawAgentClient client = harness.connectAccepted("agt-fetcher", DEADLINE)) {
            // The first connection gets the first MiB, then the agent reconnects and asks for the rest.
            client.send(Envelope.newBuilder().setSeq(2).setBundleRequest(BundleRequest.newBuilder()
                    .setSha256(stored.sha256()).setOffset(0).setLength(1024 * 1024)).build());
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            List<BundleChunk> firstPart = readUntilLast(client, received);
            assertThat(received.size()).isEqualTo(1024 * 1024);
            assertThat(firstPart).hasSize(4).allSatisfy(chunk -> assertThat(chunk.getData().size())
                    .isEqualTo(256 * 1024));

            client.send(Envelope.newBuilder().setSeq(3).setBundleRequest(BundleRequest.newBuilder()
                    .setSha256(stored.sha256()).setOffset(received.size())).build());
            List<BundleChunk> rest = readUntilLast(client, received);
            assertThat(rest.get(0).getOffset()).isEqualTo(1024 * 1024);
            assertThat(rest).hasSizeGreaterThan(1);

            assertThat(sha256(received.toByteArray())).isEqualTo(stored.sha256());
        }
        assertThat(harness.meter("bundles.bytes-served")).isEqualTo(bundle.length);
        assertThat(harness.meter("bundles.requests")).isEqualTo(2);
    }

    @Test
    void anUnknownDigestOrAnOffsetPastTheEndIsAnErrorChunk() throws Exception {
        BlobStore.Stored stored = harness.bundles.put(new ByteArrayInputStream(randomBytes(1000)), 10_000, null);
        harness.gateway().entrust("agt-confused", "cmd-1", stored.sha256());
        harness.gateway().entrust("agt-confused", "cmd-2", "0".repeat(64));
        try (RawAgentClient client = harness.connectAccepted("agt-confused", DEADLINE)) {
            client.send(Envelope.newBuilder().setSeq(2).setBundleRequest(BundleRequest.newBuilder()
                    .setSha256("0".repeat(64))).build());
            client.send(Envelope.newBuilder().setSeq(3).setBundleRequest(BundleRequest.newBuilder()
                    .setSha256("../../etc/passwd")).build());
            client.send(Envelope.newBuilder().setSeq(4).setBundleRequest(BundleRequest.newBuilder()
                    .setSha256(stored.sha256()).setOffset(5000)).build());

            BundleChunk unknown = next(client, Envelope.BodyCase.BUNDLE_CHUNK).getBundleChunk();
            BundleChunk traversal = next(client, Envelope.BodyCase.BUNDLE_CHUNK).getBundleChunk();
            BundleChunk pastEnd = next(client, Envelope.BodyCase.BUNDLE_CHUNK).getBundleChunk();
            assertThat(unknown.getError()).contains("no bundle", "0".repeat(64));
            assertThat(unknown.getData().isEmpty()).isTrue();
            assertThat(traversal.getError()).contains("not named by any command");
            assertThat(pastEnd.getError()).contains("offset 5000", "1000 bytes");
        }
        assertThat(harness.meter("bundles.refused")).isEqualTo(3);
        assertThat(harness.meter("bundles.bytes-served")).isZero();
    }

    /** Hostile-probe finding 8: an agent gets only the bundles of the commands addressed to it. */
    @Test
    void anAgentFetchesOnlyTheBundlesOfItsOwnCommands() throws Exception {
        BlobStore.Stored theirs = harness.bundles.put(new ByteArrayInputStream(randomBytes(1000)), 10_000, null);
        BlobStore.Stored mine = harness.bundles.put(new ByteArrayInputStream(randomBytes(800)), 10_000, null);
        harness.gateway().entrust("agt-other", "cmd-other", theirs.sha256());
        try (RawAgentClient client = harness.connectAccepted("agt-nosy", DEADLINE)) {
            assertThat(harness.gateway().deploy("agt-nosy", work("cmd-mine", mine.sha256()))).isTrue();
            client.send(Envelope.newBuilder().setSeq(2).setBundleRequest(BundleRequest.newBuilder()
                    .setSha256(theirs.sha256())).build());
            client.send(Envelope.newBuilder().setSeq(3).setBundleRequest(BundleRequest.newBuilder()
                    .setSha256(mine.sha256())).build());

            BundleChunk refused = next(client, Envelope.BodyCase.BUNDLE_CHUNK).getBundleChunk();
            assertThat(refused.getError()).contains("not named by any command", "agt-nosy");
            assertThat(refused.getData().isEmpty()).isTrue();
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            readUntilLast(client, received);
            assertThat(sha256(received.toByteArray())).isEqualTo(mine.sha256());

            // Once its host's work is over, the command's bundle is withdrawn too.
            harness.gateway().withdraw("agt-nosy", "cmd-mine");
            client.send(Envelope.newBuilder().setSeq(4).setBundleRequest(BundleRequest.newBuilder()
                    .setSha256(mine.sha256())).build());
            assertThat(next(client, Envelope.BodyCase.BUNDLE_CHUNK).getBundleChunk().getError())
                    .contains("not named by any command");
        }
        assertThat(harness.meter("bundles.bytes-served")).isEqualTo(800);
    }

    @Test
    void aRangeOutOfBoundsIsARefusalNotAnExceptionMessage() throws Exception {
        BlobStore.Stored stored = harness.bundles.put(new ByteArrayInputStream(randomBytes(1000)), 10_000, null);
        harness.gateway().entrust("agt-ranges", "cmd-r", stored.sha256());
        try (RawAgentClient client = harness.connectAccepted("agt-ranges", DEADLINE)) {
            // uint64 values past Long.MAX_VALUE, and a length that would overflow offset + length.
            client.send(Envelope.newBuilder().setSeq(2).setBundleRequest(BundleRequest.newBuilder()
                    .setSha256(stored.sha256()).setOffset(-1L)).build());
            client.send(Envelope.newBuilder().setSeq(3).setBundleRequest(BundleRequest.newBuilder()
                    .setSha256(stored.sha256()).setOffset(10).setLength(-2L)).build());
            client.send(Envelope.newBuilder().setSeq(4).setBundleRequest(BundleRequest.newBuilder()
                    .setSha256(stored.sha256()).setOffset(990).setLength(Long.MAX_VALUE)).build());

            BundleChunk hugeOffset = next(client, Envelope.BodyCase.BUNDLE_CHUNK).getBundleChunk();
            BundleChunk hugeLength = next(client, Envelope.BodyCase.BUNDLE_CHUNK).getBundleChunk();
            assertThat(hugeOffset.getError()).contains("out of bounds", "18446744073709551615")
                    .doesNotContain("Exception");
            assertThat(hugeLength.getError()).contains("out of bounds").doesNotContain("Exception");
            BundleChunk tail = next(client, Envelope.BodyCase.BUNDLE_CHUNK).getBundleChunk();
            assertThat(tail.getError()).isEmpty();
            assertThat(tail.getOffset()).isEqualTo(990);
            assertThat(tail.getData().size()).as("an overlong length is served to the end").isEqualTo(10);
            assertThat(tail.getLast()).isTrue();
        }
    }

    @Test
    void aSlowReaderHoldsTheTransferBackWhileOtherMessagesStillFlow() throws Exception {
        byte[] bundle = randomBytes(48 * 1024 * 1024);
        BlobStore.Stored stored = harness.bundles.put(new ByteArrayInputStream(bundle), Long.MAX_VALUE, null);
        harness.gateway().entrust("agt-slow", "cmd-slow", stored.sha256());
        try (RawAgentClient client = harness.connectAccepted("agt-slow", DEADLINE)) {
            client.readPaused(true);
            client.send(Envelope.newBuilder().setSeq(2).setBundleRequest(BundleRequest.newBuilder()
                    .setSha256(stored.sha256())).build());

            // The served count stops growing well short of the bundle: the gateway waits for writability.
            await().atMost(DEADLINE).pollInterval(Duration.ofMillis(100)).until(new StableValue(
                    () -> harness.meter("bundles.bytes-served"))::stable);
            long served = harness.meter("bundles.bytes-served");
            assertThat(served).isLessThan(bundle.length / 2);

            assertThat(harness.gateway().deploy("agt-slow", work("cmd-meanwhile"))).isTrue();
            client.readPaused(false);
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            boolean commandSeen = false;
            long end = System.nanoTime() + DEADLINE.toNanos();
            while (received.size() < bundle.length && System.nanoTime() < end) {
                Envelope envelope = client.next(Duration.ofMillis(500));
                if (envelope == null) {
                    continue;
                }
                if (envelope.hasBundleChunk()) {
                    received.write(envelope.getBundleChunk().getData().toByteArray());
                } else if (envelope.hasDeployCommand()) {
                    commandSeen = true;
                }
            }
            assertThat(sha256(received.toByteArray())).isEqualTo(stored.sha256());
            if (!commandSeen) {
                commandSeen = next(client, Envelope.BodyCase.DEPLOY_COMMAND) != null;
            }
            assertThat(commandSeen).isTrue();
        }
    }

    private static List<BundleChunk> readUntilLast(RawAgentClient client, ByteArrayOutputStream into)
            throws Exception {
        List<BundleChunk> chunks = new java.util.ArrayList<>();
        while (true) {
            BundleChunk chunk = next(client, Envelope.BodyCase.BUNDLE_CHUNK).getBundleChunk();
            assertThat(chunk.getError()).isEmpty();
            assertThat(chunk.getOffset()).isEqualTo(into.size());
            into.write(chunk.getData().toByteArray());
            chunks.add(chunk);
            if (chunk.getLast()) {
                return chunks;
            }
        }
    }

    private static byte[] randomBytes(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return bytes;
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    /** True once the value read has not changed over several consecutive polls. */
    private static final class StableValue {
        private final java.util.function.LongSupplier value;
        private long last = -1;
        private int unchanged;

        StableValue(java.util.function.LongSupplier value) {
            this.value = value;
        }

        boolean stable() {
            long now = value.getAsLong();
            unchanged = now == last && now > 0 ? unchanged + 1 : 0;
            last = now;
            return unchanged >= 5;
        }
    }
}
