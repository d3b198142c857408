package dev.hoist.agent.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hoist.agent.AgentAssembly;
import dev.hoist.agent.exchange.AgentReport;
import dev.hoist.agent.exchange.BundlePart;
import dev.hoist.agent.exchange.BundleReference;
import dev.hoist.agent.exchange.BundleWanted;
import dev.hoist.agent.exchange.CommandAnswer;
import dev.hoist.agent.exchange.CommandReport;
import dev.hoist.agent.exchange.ControllerLink;
import dev.hoist.agent.exchange.Deploy;
import dev.hoist.agent.exchange.EventProgress;
import dev.hoist.agent.exchange.HostOutcome;
import dev.hoist.agent.exchange.LogBatch;
import dev.hoist.agent.exchange.ResultAcknowledged;
import dev.hoist.agent.lifecycle.DeploymentEngine;
import dev.hoist.agent.lifecycle.DeploymentResult;
import dev.hoist.agent.lifecycle.EngineSettings;
import dev.hoist.agent.lifecycle.EventReport;
import dev.hoist.agent.lifecycle.EventStatus;
import dev.hoist.agent.lifecycle.OutputLine;
import dev.hoist.agent.state.DeploymentLayout;
import dev.hoist.agent.state.EventJournal;
import dev.hoist.agent.state.InFlightEvent;
import dev.hoist.protocol.appspec.LifecycleEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The deployment work as {@code hoist-agent run} wires it ({@link AgentAssembly}), driven through its
 * ports with a link that plays the controller: real ledger, outbox, bundle cache, hooks and files.
 */
class AgentDeploymentsTest {
    private static final AgentDeployments.Settings SETTINGS = new AgentDeployments.Settings(100, 10_000,
            Duration.ofMillis(50), 256, 1 << 20, 1L << 20, Duration.ofSeconds(30), new EngineSettings());
    private static final List<String> EVENTS = LifecycleEvent.IN_PLACE.stream().map(LifecycleEvent::wireName)
            .toList();

    @TempDir
    Path state;

    private final List<AgentDeployments> opened = new ArrayList<>();
    private byte[] bundle;
    private String sha256;

    @AfterEach
    void closeAll() {
        opened.forEach(AgentDeployments::close);
    }

    /** Answers bundle requests from {@link #bundle} and records everything the agent sends. */
    private final class Controller implements ControllerLink {
        final List<AgentReport> sent = new ArrayList<>();
        AgentDeployments deployments;

        @Override
        public void send(AgentReport report) {
            synchronized (this) {
                sent.add(report);
            }
            if (report instanceof BundleWanted wanted) {
                int from = (int) wanted.offset();
                int length = wanted.length() == 0 ? bundle.length - from : (int) wanted.length();
                deployments.onBundlePart(new BundlePart(wanted.sha256(), from,
                        ByteBuffer.wrap(bundle, from, length).slice().asReadOnlyBuffer(), true, ""), this);
            }
        }

        synchronized List<AgentReport> sent() {
            return List.copyOf(sent);
        }

        List<CommandReport> reports() {
            return sent().stream().filter(CommandReport.class::isInstance).map(CommandReport.class::cast).toList();
        }

        boolean finished() {
            return sent().stream().anyMatch(HostOutcome.class::isInstance);
        }
    }

    private AgentDeployments open() throws IOException {
        AgentDeployments deployments = AgentAssembly.deployments(state, state.resolve("deployments"),
                Clock.systemUTC(), SETTINGS);
        opened.add(deployments);
        return deployments;
    }

    private Controller connect(AgentDeployments deployments) {
        Controller controller = new Controller();
        controller.deployments = deployments;
        deployments.onConnected(controller);
        return controller;
    }

    private Deploy command(String commandId) {
        return new Deploy(commandId, "d-1", "shop", "web", "g-web", "rev-1",
                new BundleReference(sha256, bundle.length, "tgz", ""), EVENTS, "", false, Map.of(), List.of());
    }

    @Test
    void runsACommandReportsItAndKeepsTheReportsUntilTheResultIsAcknowledged() throws Exception {
        bundle("#!/bin/bash\necho hello from the hook\n");
        AgentDeployments deployments = open();
        deployments.recoverAfterRestart();
        Controller first = connect(deployments);

        deployments.onDeploy(command("cmd-1"), first);
        await().atMost(Duration.ofSeconds(30)).until(first::finished);

        assertThat(first.sent().get(0)).isEqualTo(new CommandAnswer("cmd-1", true, ""));
        assertThat(first.sent().get(1)).isInstanceOfSatisfying(EventProgress.class, started -> {
            assertThat(started.event()).isEqualTo("DownloadBundle");
            assertThat(started.status()).isEqualTo(EventStatus.IN_PROGRESS);
        });
        assertThat(first.sent().get(2)).isEqualTo(new BundleWanted(sha256, 0, bundle.length));
        assertThat(first.sent()).last().isEqualTo(new HostOutcome("cmd-1", "d-1", true, null,
                "all 7 events succeeded"));
        assertThat(first.reports()).filteredOn(EventProgress.class::isInstance).map(EventProgress.class::cast)
                .filteredOn(p -> p.status().isFinal())
                .extracting(EventProgress::event, EventProgress::status)
                .containsOnly(EVENTS.stream().map(e -> org.assertj.core.groups.Tuple.tuple(e, EventStatus.SUCCEEDED))
                        .toArray(org.assertj.core.groups.Tuple[]::new));
        assertThat(first.reports()).filteredOn(LogBatch.class::isInstance).map(LogBatch.class::cast)
                .filteredOn(b -> b.event().equals("AfterInstall")).flatMap(LogBatch::lines)
                .extracting(OutputLine::text).contains("hello from the hook");
        assertThat(deployments.pendingCommandIds()).containsExactly("cmd-1");

        deployments.onDeploy(command("cmd-1"), first);
        await().atMost(Duration.ofSeconds(10)).until(() -> first.sent().stream()
                .filter(CommandAnswer.class::isInstance).count() == 2);
        assertThat(first.sent()).as("a redelivered command gets the same answer and nothing else")
                .filteredOn(CommandAnswer.class::isInstance).containsOnly(new CommandAnswer("cmd-1", true, ""));

        deployments.onDisconnected(first);
        Controller second = connect(deployments);
        assertThat(second.sent()).as("everything about the command again, in the original order")
                .containsExactlyElementsOf(first.reports());

        deployments.onResultAcknowledged(new ResultAcknowledged("cmd-1"), second);
        await().atMost(Duration.ofSeconds(10)).until(() -> deployments.pendingCommandIds().isEmpty());
        deployments.onDisconnected(second);
        assertThat(connect(deployments).sent()).as("nothing is kept once acknowledged").isEmpty();
    }

    @Test
    void anUnacknowledgedResultIsSentAgainAfterARestart() throws Exception {
        bundle("#!/bin/bash\nexit 3\n");
        AgentDeployments before = open();
        before.recoverAfterRestart();
        Controller first = connect(before);
        before.onDeploy(command("cmd-2"), first);
        await().atMost(Duration.ofSeconds(30)).until(first::finished);
        HostOutcome outcome = (HostOutcome) first.sent().get(first.sent().size() - 1);
        assertThat(outcome.succeeded()).isFalse();
        assertThat(outcome.failure()).isEqualTo("SCRIPT_FAILED");
        before.close();

        AgentDeployments after = open();
        after.recoverAfterRestart();
        Controller second = connect(after);

        assertThat(second.sent()).containsExactly(outcome);
        assertThat(after.pendingCommandIds()).containsExactly("cmd-2");
    }

    @Test
    void aJournalEntryOfACommandThatHadEndedIsDroppedAfterARestart() throws Exception {
        bundle("#!/bin/bash\necho fine\n");
        AgentDeployments before = open();
        before.recoverAfterRestart();
        Controller first = connect(before);
        before.onDeploy(command("cmd-3"), first);
        await().atMost(Duration.ofSeconds(30)).until(first::finished);
        HostOutcome outcome = (HostOutcome) first.sent().get(first.sent().size() - 1);
        assertThat(outcome.succeeded()).isTrue();
        before.close();
        // What a machine crash can leave: the entry of an event long removed, back because the journal
        // is not forced to disk while the ledger is.
        new EventJournal(new DeploymentLayout(state.resolve("deployments"))).begin(new InFlightEvent("g-web", "d-1",
                "cmd-3", "AfterInstall", Instant.now()));

        AgentDeployments after = open();
        after.recoverAfterRestart();
        Controller second = connect(after);

        assertThat(second.sent()).as("the ledger's result stands; no FAILED_AFTER_RESTART").containsExactly(outcome);
    }

    @Test
    void anotherEngineRunsTheEventsAndTwoAgentsCanShareTheirThreads() throws Exception {
        bundle("#!/bin/bash\nexit 0\n");
        List<String> ran = java.util.Collections.synchronizedList(new ArrayList<>());
        DeploymentEngine engine = (request, listener, cancellation, gate) -> {
            ran.add(request.commandId());
            List<EventReport> reports = new ArrayList<>();
            for (LifecycleEvent event : request.events()) {
                java.time.Instant now = java.time.Instant.now();
                listener.outputLine(event, new OutputLine(now, OutputLine.Stream.STDOUT, "", "simulated " + event.name()));
                EventReport done = new EventReport(event, EventStatus.SUCCEEDED, null, "", 0, now, now);
                listener.eventChanged(done);
                reports.add(done);
            }
            return new DeploymentResult(request.deploymentId(), true, reports, null, List.of(), java.util.Optional.empty());
        };
        DeploymentThreads shared = DeploymentThreads.named();
        List<Controller> controllers = new ArrayList<>();
        for (String agent : List.of("a", "b")) {
            Path dir = state.resolve(agent);
            AgentDeployments deployments = new AgentDeployments(
                    CommandLedger.open(dir.resolve("commands"), 100, Clock.systemUTC()), new ReportOutbox(1000),
                    new BundleDownloader(dir.resolve("bundles"), 1L << 20, Duration.ofSeconds(30)),
                    new dev.hoist.agent.state.EventJournal(new dev.hoist.agent.state.DeploymentLayout(dir)), engine,
                    shared, Clock.systemUTC(), SETTINGS);
            Controller controller = connect(deployments);
            deployments.onDeploy(command("cmd-" + agent), controller);
            controllers.add(controller);
        }
        try {
            for (Controller controller : controllers) {
                await().atMost(Duration.ofSeconds(30)).until(controller::finished);
                assertThat(controller.sent()).last().isInstanceOfSatisfying(HostOutcome.class,
                        outcome -> assertThat(outcome.succeeded()).isTrue());
                assertThat(controller.reports()).filteredOn(LogBatch.class::isInstance).map(LogBatch.class::cast)
                        .flatMap(LogBatch::lines).extracting(OutputLine::text).contains("simulated AFTER_INSTALL");
            }
            assertThat(ran).containsExactlyInAnyOrder("cmd-a", "cmd-b");
        } finally {
            shared.control().shutdownNow();
            shared.runs().shutdownNow();
            shared.logFlush().shutdownNow();
        }
    }

    /** A tgz whose AfterInstall hook is {@code script}. */
    private void bundle(String script) throws Exception {
        String appspec = "version: 0.0\nos: linux\nhooks:\n  AfterInstall:\n    - location: hook.sh\n      timeout: 30\n";
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(bytes))) {
            add(tar, "appspec.yml", appspec, 0644);
            add(tar, "hook.sh", script, 0755);
        }
        bundle = bytes.toByteArray();
        sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bundle));
    }

    private static void add(TarArchiveOutputStream tar, String name, String content, int mode) throws IOException {
        byte[] data = content.getBytes(StandardCharsets.UTF_8);
        TarArchiveEntry entry = new TarArchiveEntry(name);
        entry.setSize(data.length);
        entry.setMode(mode);
        tar.putArchiveEntry(entry);
        tar.write(data);
        tar.closeArchiveEntry();
    }
}
