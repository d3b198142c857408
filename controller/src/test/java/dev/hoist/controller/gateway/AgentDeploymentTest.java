package dev.hoist.controller.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hoist.agent.deploy.CommandLedger;
import dev.hoist.agent.deploy.CommandRecord;
import dev.hoist.agent.state.DeploymentLayout;
import dev.hoist.agent.state.EventJournal;
import dev.hoist.agent.state.InFlightEvent;
import dev.hoist.controller.artifacts.BlobStore;
import dev.hoist.controller.core.deploy.AgentReports;
import dev.hoist.controller.core.deploy.HealthCheckSpec;
import dev.hoist.controller.core.deploy.HostDeployment;
import dev.hoist.controller.core.deploy.HostStatus;
import dev.hoist.controller.testing.GatewayHarness;
import dev.hoist.controller.testing.InProcessAgent;
import dev.hoist.controller.testing.PkiFixtures;
import dev.hoist.controller.testing.RecordingAgentReports;
import dev.hoist.controller.testing.TestBundles;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real agent (its connection loop and deployment work, in this JVM) against the real gateway with
 * the real bundle store: commands run for real (bundles fetched by digest, hooks as processes) and
 * every report arrives at the recording {@code AgentReports}.
 */
class AgentDeploymentTest {
    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private static final List<String> IN_PLACE = List.of("ApplicationStop", "DownloadBundle", "BeforeInstall",
            "Install", "AfterInstall", "ApplicationStart", "ValidateService");
    private static final String AGENT = "agt-web-1";

    @RegisterExtension
    static PkiFixtures pki = new PkiFixtures();

    @TempDir
    Path data;
    @TempDir
    Path state;
    @TempDir
    Path target;

    private GatewayHarness harness;
    private InProcessAgent agent;
    private RecordingAgentReports reports;

    @BeforeEach
    void start() throws Exception {
        harness = new GatewayHarness(pki, data);
        reports = harness.reports;
    }

    @AfterEach
    void stop() throws Exception {
        if (agent != null) {
            agent.close();
        }
        harness.close();
    }

    private void startAgent() throws Exception {
        agent = InProcessAgent.start(harness, pki, AGENT, state);
        await().atMost(DEADLINE).until(() -> agent.isConnected() && harness.gateway().isConnected(AGENT));
        await().atMost(DEADLINE).until(() -> !reports.connections(AGENT).isEmpty());
    }

    private BlobStore.Stored push(TestBundles bundle) throws Exception {
        return harness.bundles.put(new ByteArrayInputStream(bundle.tgz()), Long.MAX_VALUE, null);
    }

    private static HostDeployment work(String commandId, String deploymentId, BlobStore.Stored bundle,
            List<HealthCheckSpec> checks) {
        return new HostDeployment(commandId, deploymentId, "shop", "web", "g-web", "rev-1", bundle.sha256(),
                bundle.sizeBytes(), "tgz", IN_PLACE, "OVERWRITE", false, Duration.ZERO, checks, Map.of());
    }

    private AgentReports.HostOutcome awaitResult(String commandId) {
        await().atMost(DEADLINE).until(() -> reports.results(AGENT).stream()
                .anyMatch(r -> r.commandId().equals(commandId)));
        return reports.results(AGENT).stream().filter(r -> r.commandId().equals(commandId)).findFirst().orElseThrow();
    }

    /** The final status of each event of the command, in the order reported. */
    private List<String> finalEvents(String commandId) {
        return reports.events(AGENT, commandId).stream().filter(e -> e.status().isFinal())
                .map(e -> e.event() + ":" + e.status().displayName()).toList();
    }

    private List<String> lineTexts(String commandId) {
        return reports.lines(AGENT, commandId).stream().map(AgentReports.LogEntry::text).toList();
    }

    @Test
    void aCommandRunsForRealAndEveryEventLineAndTheResultArrive() throws Exception {
        BlobStore.Stored bundle = push(TestBundles.installingTo(target.resolve("site"))
                .hook("BeforeInstall", "echo preparing; echo on stderr >&2")
                .hook("ValidateService", "test -f " + target.resolve("site/index.html") + " && echo validated"));
        startAgent();

        assertThat(harness.gateway().deploy(AGENT, work("cmd-1", "d-1", bundle, List.of()))).isTrue();

        AgentReports.HostOutcome result = awaitResult("cmd-1");
        assertThat(result).isEqualTo(new AgentReports.HostOutcome("cmd-1", "d-1", HostStatus.SUCCEEDED, null,
                "all 7 events succeeded"));
        assertThat(reports.acks(AGENT)).containsExactly(new RecordingAgentReports.Ack("cmd-1", true, ""));
        assertThat(finalEvents("cmd-1")).containsExactlyElementsOf(IN_PLACE.stream().map(e -> e + ":Succeeded")
                .toList());
        List<AgentReports.EventReport> events = reports.events(AGENT, "cmd-1");
        assertThat(events).hasSize(2 * IN_PLACE.size()).allSatisfy(e -> assertThat(e.deploymentId()).isEqualTo("d-1"));
        for (String event : IN_PLACE) {
            List<AgentReports.EventReport> changes = events.stream().filter(e -> e.event().equals(event)).toList();
            assertThat(changes).extracting(AgentReports.EventReport::status)
                    .containsExactly(HostStatus.IN_PROGRESS, HostStatus.SUCCEEDED);
            assertThat(changes.get(1).startedAt()).isEqualTo(changes.get(0).startedAt());
            assertThat(changes.get(1).endedAt()).isAfterOrEqualTo(changes.get(1).startedAt());
        }
        assertThat(lineTexts("cmd-1")).contains("preparing", "on stderr", "validated")
                .anyMatch(line -> line.startsWith("downloading bundle " + bundle.sha256()));
        assertThat(reports.lines(AGENT, "cmd-1")).filteredOn(l -> l.text().equals("on stderr"))
                .singleElement().satisfies(l -> assertThat(l.stream()).isEqualTo("stderr"));
        assertThat(reports.logs(AGENT).get(0).firstLineNumber()).isEqualTo(1);
        assertThat(Files.readString(target.resolve("site/index.html"))).contains("hello");
        assertThat(harness.meter("bundles.bytes-served")).isEqualTo(bundle.sizeBytes());
        assertThat(Files.isRegularFile(state.resolve("bundles").resolve(bundle.sha256()))).isTrue();
        // The controller acknowledged the result: the agent holds nothing pending.
        await().atMost(DEADLINE).until(() -> agent.pendingCommandIds().isEmpty());
    }

    @Test
    void aRedeliveredCommandIsAcknowledgedAgainAndARedeployOfTheSameBundleDownloadsNothing() throws Exception {
        BlobStore.Stored bundle = push(TestBundles.installingTo(target.resolve("site"))
                .hook("ApplicationStart", "echo started"));
        startAgent();
        harness.gateway().deploy(AGENT, work("cmd-1", "d-1", bundle, List.of()));
        awaitResult("cmd-1");
        int eventsAfterFirst = reports.events(AGENT).size();
        long servedAfterFirst = harness.meter("bundles.bytes-served");
        long requestsAfterFirst = harness.meter("bundles.requests");

        harness.gateway().deploy(AGENT, work("cmd-1", "d-1", bundle, List.of()));
        await().atMost(DEADLINE).until(() -> reports.acks(AGENT).size() == 2);
        harness.gateway().deploy(AGENT, work("cmd-2", "d-2", bundle, List.of()));
        AgentReports.HostOutcome second = awaitResult("cmd-2");

        assertThat(reports.acks(AGENT)).extracting(RecordingAgentReports.Ack::commandId, RecordingAgentReports.Ack::accepted)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("cmd-1", true),
                        org.assertj.core.groups.Tuple.tuple("cmd-1", true),
                        org.assertj.core.groups.Tuple.tuple("cmd-2", true));
        assertThat(reports.events(AGENT, "cmd-1")).as("the redelivery ran nothing").hasSize(eventsAfterFirst);
        assertThat(reports.results(AGENT)).extracting(AgentReports.HostOutcome::commandId)
                .containsExactly("cmd-1", "cmd-2");
        assertThat(second.status()).isEqualTo(HostStatus.SUCCEEDED);
        assertThat(harness.meter("bundles.bytes-served")).isEqualTo(servedAfterFirst);
        assertThat(harness.meter("bundles.requests")).isEqualTo(requestsAfterFirst);
        assertThat(lineTexts("cmd-2")).anyMatch(line -> line.contains("is in the cache")
                && line.contains("nothing to download"));
    }

    @Test
    void aFailingHookFailsTheHostWithItsExitCodeAndSkipsTheRest() throws Exception {
        BlobStore.Stored bundle = push(TestBundles.installingTo(target.resolve("site"))
                .hook("BeforeInstall", "echo about to fail; exit 3"));
        startAgent();

        harness.gateway().deploy(AGENT, work("cmd-f", "d-f", bundle, List.of()));

        AgentReports.HostOutcome result = awaitResult("cmd-f");
        assertThat(result.status()).isEqualTo(HostStatus.FAILED);
        assertThat(result.failure()).isEqualTo("SCRIPT_FAILED");
        assertThat(result.message()).startsWith("BeforeInstall failed");
        assertThat(finalEvents("cmd-f")).containsExactly("ApplicationStop:Succeeded", "DownloadBundle:Succeeded",
                "BeforeInstall:Failed", "Install:Skipped", "AfterInstall:Skipped", "ApplicationStart:Skipped",
                "ValidateService:Skipped");
        AgentReports.EventReport failed = reports.events(AGENT, "cmd-f").stream()
                .filter(e -> e.status() == HostStatus.FAILED).findFirst().orElseThrow();
        assertThat(failed.exitCode()).isEqualTo(3);
        assertThat(failed.failure()).isEqualTo("SCRIPT_FAILED");
        assertThat(lineTexts("cmd-f")).contains("about to fail");
        assertThat(Files.exists(target.resolve("site"))).as("Install never ran").isFalse();
    }

    @Test
    void aFailedHealthCheckFailsValidateServiceWithHealthCheckFailed() throws Exception {
        BlobStore.Stored bundle = push(TestBundles.installingTo(target.resolve("site"))
                .hook("ValidateService", "echo looks fine to me"));
        startAgent();
        HealthCheckSpec check = new HealthCheckSpec(HealthCheckSpec.Kind.COMMAND,
                "test -f " + target.resolve("healthy"), 0, Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ZERO);

        harness.gateway().deploy(AGENT, work("cmd-h", "d-h", bundle, List.of(check)));

        AgentReports.HostOutcome result = awaitResult("cmd-h");
        assertThat(result.status()).isEqualTo(HostStatus.FAILED);
        assertThat(result.failure()).isEqualTo("HEALTH_CHECK_FAILED");
        assertThat(finalEvents("cmd-h")).endsWith("ApplicationStart:Succeeded", "ValidateService:Failed");
        assertThat(lineTexts("cmd-h")).contains("looks fine to me")
                .anyMatch(line -> line.contains("health check round 1") && line.contains("exited 1"));
    }

    @Test
    void aHealthCheckThatPassesLetsTheHostSucceed() throws Exception {
        Files.writeString(target.resolve("healthy"), "yes");
        BlobStore.Stored bundle = push(TestBundles.installingTo(target.resolve("site")));
        startAgent();
        HealthCheckSpec check = new HealthCheckSpec(HealthCheckSpec.Kind.COMMAND,
                "test -f " + target.resolve("healthy"), 0, Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ZERO);

        harness.gateway().deploy(AGENT, work("cmd-ok", "d-ok", bundle, List.of(check)));

        assertThat(awaitResult("cmd-ok").status()).isEqualTo(HostStatus.SUCCEEDED);
        assertThat(lineTexts("cmd-ok")).anyMatch(line -> line.contains("all 1 checks passed"));
    }

    @Test
    void aCancelStopsTheRunningHookAndSkipsTheRest() throws Exception {
        BlobStore.Stored bundle = push(TestBundles.installingTo(target.resolve("site"))
                .hook("BeforeInstall", "echo waiting; sleep 60"));
        startAgent();
        harness.gateway().deploy(AGENT, work("cmd-c", "d-c", bundle, List.of()));
        await().atMost(DEADLINE).until(() -> lineTexts("cmd-c").contains("waiting"));

        assertThat(harness.gateway().cancel(AGENT, "cmd-c", false)).isTrue();

        AgentReports.HostOutcome result = awaitResult("cmd-c");
        assertThat(result.status()).isEqualTo(HostStatus.FAILED);
        assertThat(result.failure()).isEqualTo("CANCELLED");
        assertThat(finalEvents("cmd-c")).containsExactly("ApplicationStop:Succeeded", "DownloadBundle:Succeeded",
                "BeforeInstall:Failed", "Install:Skipped", "AfterInstall:Skipped", "ApplicationStart:Skipped",
                "ValidateService:Skipped");
    }

    /** Hostile-probe finding 1: revocation stops the work on the agent, not only the connection. */
    @Test
    void aRevokedAgentStopsTheHookItRuns() throws Exception {
        Path pidFile = target.resolve("hook.pid");
        BlobStore.Stored bundle = push(TestBundles.installingTo(target.resolve("site"))
                .hook("BeforeInstall", "echo $$ > " + pidFile + "; echo waiting; exec sleep 120"));
        startAgent();
        harness.gateway().deploy(AGENT, work("cmd-r", "d-r", bundle, List.of()));
        await().atMost(DEADLINE).until(() -> lineTexts("cmd-r").contains("waiting"));
        long hook = Long.parseLong(Files.readString(pidFile).trim());
        assertThat(ProcessHandle.of(hook)).hasValueSatisfying(p -> assertThat(p.isAlive()).isTrue());

        harness.revoke(AGENT);

        await("the revoked agent stopped its hook").atMost(DEADLINE)
                .until(() -> ProcessHandle.of(hook).map(p -> !p.isAlive()).orElse(true));
    }

    @Test
    void aCancelThatLetsTheRunningHookFinishSkipsOnlyTheLaterEvents() throws Exception {
        Path release = target.resolve("release");
        BlobStore.Stored bundle = push(TestBundles.installingTo(target.resolve("site"))
                .hook("BeforeInstall", "echo waiting; while [ ! -f " + release + " ]; do sleep 0.05; done; echo done"));
        startAgent();
        harness.gateway().deploy(AGENT, work("cmd-s", "d-s", bundle, List.of()));
        await().atMost(DEADLINE).until(() -> lineTexts("cmd-s").contains("waiting"));

        harness.gateway().cancel(AGENT, "cmd-s", true);
        await().atMost(DEADLINE).until(() -> lineTexts("cmd-s").stream()
                .anyMatch(line -> line.contains("the running hook may finish")));
        Files.writeString(release, "go");

        AgentReports.HostOutcome result = awaitResult("cmd-s");
        assertThat(result.failure()).isEqualTo("CANCELLED");
        assertThat(lineTexts("cmd-s")).contains("done");
        assertThat(finalEvents("cmd-s")).containsExactly("ApplicationStop:Succeeded", "DownloadBundle:Succeeded",
                "BeforeInstall:Succeeded", "Install:Skipped", "AfterInstall:Skipped", "ApplicationStart:Skipped",
                "ValidateService:Skipped");
    }

    @Test
    void anAgentRestartedMidHookReportsFailedAfterRestartOnConnect() throws Exception {
        // What a killed agent leaves behind: the command recorded as running, its event in the journal.
        CommandLedger ledger = CommandLedger.open(state.resolve("commands"), 100, Clock.systemUTC());
        ledger.save(new CommandRecord("cmd-old", "d-old", "g-web", IN_PLACE, CommandRecord.RUNNING, "", null, null,
                null, false, System.currentTimeMillis()));
        Instant started = Instant.parse("2024-05-01T10:00:00Z");
        new EventJournal(new DeploymentLayout(state.resolve("deployments")))
                .begin(new InFlightEvent("g-web", "d-old", "cmd-old", "AfterInstall", started));

        startAgent();

        AgentReports.HostOutcome result = awaitResult("cmd-old");
        assertThat(result.status()).isEqualTo(HostStatus.FAILED);
        assertThat(result.failure()).isEqualTo("FAILED_AFTER_RESTART");
        assertThat(reports.connections(AGENT).get(0)).containsExactly("cmd-old");
        assertThat(finalEvents("cmd-old")).containsExactly("AfterInstall:Failed", "ApplicationStart:Skipped",
                "ValidateService:Skipped");
        AgentReports.EventReport failed = reports.events(AGENT, "cmd-old").get(0);
        assertThat(failed.failure()).isEqualTo("FAILED_AFTER_RESTART");
        assertThat(failed.startedAt()).isEqualTo(started);
        await().atMost(DEADLINE).until(() -> agent.pendingCommandIds().isEmpty());
    }

    @Test
    void aResultNotAcknowledgedIsSentAgainAfterReconnecting() throws Exception {
        BlobStore.Stored bundle = push(TestBundles.installingTo(target.resolve("site")));
        reports.holdAcknowledgements(true);
        startAgent();
        harness.gateway().deploy(AGENT, work("cmd-r", "d-r", bundle, List.of()));
        awaitResult("cmd-r");
        assertThat(agent.pendingCommandIds()).containsExactly("cmd-r");

        // The commit never happened (a controller killed first): the agent must send everything again.
        reports.holdAcknowledgements(false);
        reports.dropAcknowledgements();
        harness.gateway().disconnect(AGENT, "test: make the agent reconnect");

        await().atMost(DEADLINE).until(() -> reports.results(AGENT).stream()
                .filter(r -> r.commandId().equals("cmd-r")).count() == 2);
        assertThat(awaitResult("cmd-r").status()).isEqualTo(HostStatus.SUCCEEDED);
        assertThat(reports.connections(AGENT)).hasSizeGreaterThanOrEqualTo(2);
        assertThat(reports.connections(AGENT).get(1)).containsExactly("cmd-r");
        // Everything about the command came again; by line number nothing is lost or doubled.
        assertThat(finalEvents("cmd-r")).filteredOn(e -> e.equals("Install:Succeeded")).hasSize(2);
        await().atMost(DEADLINE).until(() -> agent.pendingCommandIds().isEmpty());
    }

    @Test
    void aDownloadGoesOnFromTheBytesAlreadyHeld() throws Exception {
        byte[] padding = new byte[3 * 1024 * 1024];
        new java.util.Random(7).nextBytes(padding);
        TestBundles source = TestBundles.installingTo(target.resolve("site"))
                .file("content/blob.txt", java.util.HexFormat.of().formatHex(padding));
        byte[] tgz = source.tgz();
        BlobStore.Stored bundle = harness.bundles.put(new ByteArrayInputStream(tgz), Long.MAX_VALUE, null);
        int held = tgz.length / 3;
        Files.createDirectories(state.resolve("bundles"));
        Files.write(state.resolve("bundles").resolve(bundle.sha256() + ".part"), Arrays.copyOf(tgz, held));
        startAgent();

        harness.gateway().deploy(AGENT, work("cmd-p", "d-p", bundle, List.of()));

        assertThat(awaitResult("cmd-p").status()).isEqualTo(HostStatus.SUCCEEDED);
        assertThat(harness.meter("bundles.bytes-served")).isEqualTo(tgz.length - held);
        assertThat(harness.meter("bundles.requests")).as("1 MiB windows").isGreaterThan(1);
        assertThat(lineTexts("cmd-p")).anyMatch(line -> line.startsWith("resuming the download")
                && line.contains("at byte " + held));
    }

    @Test
    void aCommandTheAgentCannotRunIsRefusedWithTheReason() throws Exception {
        BlobStore.Stored bundle = push(TestBundles.installingTo(target.resolve("site"))
                .hook("BeforeInstall", "sleep 60"));
        startAgent();
        HostDeployment bad = new HostDeployment("cmd-bad", "d-bad", "shop", "web", "g-web", "rev-1",
                bundle.sha256(), bundle.sizeBytes(), "rar", List.of("DownloadBundle", "Deploy"), null, false,
                Duration.ZERO, List.of(), Map.of());
        harness.gateway().deploy(AGENT, bad);
        harness.gateway().deploy(AGENT, work("cmd-long", "d-long", bundle, List.of()));
        harness.gateway().deploy(AGENT, work("cmd-same-group", "d-other", bundle, List.of()));

        await().atMost(DEADLINE).until(() -> reports.acks(AGENT).size() == 3);
        List<RecordingAgentReports.Ack> acks = reports.acks(AGENT);
        assertThat(acks.get(0).accepted()).isFalse();
        assertThat(acks.get(0).message()).contains("bundle_type 'rar'", "event 'Deploy'", "valid: ");
        assertThat(acks.get(1).accepted()).isTrue();
        assertThat(acks.get(2).accepted()).isFalse();
        assertThat(acks.get(2).message()).contains("cmd-long", "still running");
        harness.gateway().cancel(AGENT, "cmd-long", false);
        assertThat(awaitResult("cmd-long").failure()).isEqualTo("CANCELLED");
        assertThat(reports.events(AGENT, "cmd-bad")).isEmpty();
    }
}
