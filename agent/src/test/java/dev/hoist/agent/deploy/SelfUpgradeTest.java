package dev.hoist.agent.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hoist.agent.AgentAssembly;
import dev.hoist.agent.exchange.AgentReport;
import dev.hoist.agent.exchange.BundlePart;
import dev.hoist.agent.exchange.BundleReference;
import dev.hoist.agent.exchange.BundleWanted;
import dev.hoist.agent.exchange.ControllerLink;
import dev.hoist.agent.exchange.Deploy;
import dev.hoist.agent.exchange.EventProgress;
import dev.hoist.agent.exchange.HostOutcome;
import dev.hoist.agent.lifecycle.EngineSettings;
import dev.hoist.agent.lifecycle.EventStatus;
import dev.hoist.agent.upgrade.InstallLayout;
import dev.hoist.protocol.deploy.FailureClass;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An agent upgrade command through {@link AgentDeployments}, across the restart it asks for: the agent that
 * switched {@code current} stops, and the agent that starts next reports the result. A real install tree, a
 * real distribution tarball whose launcher prints its version, the real ledger and outbox in a state
 * directory that both agents share, as the installed agent's are.
 */
class SelfUpgradeTest {
    private static final AgentDeployments.Settings SETTINGS = new AgentDeployments.Settings(100, 10_000,
            Duration.ofMillis(50), 256, 1 << 20, 1L << 20, Duration.ofSeconds(30), new EngineSettings());
    private static final List<String> EVENTS = List.of("DownloadBundle", "Install", "ApplicationStart",
            "ValidateService");

    @TempDir
    Path dir;

    private Path state;
    private Path root;
    private Path running;
    private byte[] bundle;
    private String sha256;
    private final AtomicInteger restarts = new AtomicInteger();
    private final List<AgentDeployments> opened = new ArrayList<>();

    @BeforeEach
    void installedAgent() throws Exception {
        state = Files.createDirectories(dir.resolve("var/lib/hoist-agent"));
        root = Files.createDirectories(dir.resolve("opt/hoist-agent"));
        running = home(root.resolve("releases/0123456789abcdef"), "1.0");
        Files.createSymbolicLink(root.resolve("current"), Path.of("releases/0123456789abcdef"));
        Path staging = dir.resolve("staging");
        home(staging.resolve("hoist-agent"), "2.0");
        Path tarball = dir.resolve("dist.tar.gz");
        Process tar = new ProcessBuilder("tar", "-czf", tarball.toString(), "-C", staging.toString(), "hoist-agent")
                .inheritIO().start();
        assertThat(tar.waitFor(60, TimeUnit.SECONDS)).isTrue();
        bundle = Files.readAllBytes(tarball);
        sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bundle));
    }

    @AfterEach
    void closeAll() {
        opened.forEach(AgentDeployments::close);
    }

    @Test
    void theAgentSwitchesStopsAndTheNextAgentReportsTheUpgradeOnceItRunsTheNewVersion() throws Exception {
        AgentDeployments before = open("1.0", layout());
        Controller first = connect(before);
        before.onDeploy(upgrade("cmd-up", "2.0"), first);

        await().atMost(Duration.ofSeconds(60)).until(() -> restarts.get() == 1);
        String release = sha256.substring(0, 16);
        assertThat(Files.readSymbolicLink(root.resolve("current"))).isEqualTo(Path.of("releases", release));
        assertThat(first.status("DownloadBundle")).contains(EventStatus.SUCCEEDED);
        assertThat(first.status("Install")).contains(EventStatus.SUCCEEDED);
        assertThat(first.status("ApplicationStart")).containsExactly(EventStatus.IN_PROGRESS);
        assertThat(first.outcome()).as("the result is the next agent's to report").isEmpty();
        assertThat(before.pendingCommandIds()).contains("cmd-up");
        before.close();

        // The supervisor starts the new release: the agent that runs is version 2.0.
        AgentDeployments after = open("2.0", layout());
        after.recoverAfterRestart();
        assertThat(after.pendingCommandIds()).as("listed in the next hello").contains("cmd-up");
        Controller second = connect(after);
        await().atMost(Duration.ofSeconds(10)).until(() -> second.outcome().isPresent());
        assertThat(second.outcome().get().succeeded()).isTrue();
        assertThat(second.outcome().get().message()).contains("the agent runs 2.0");
        assertThat(second.status("ApplicationStart")).containsExactly(EventStatus.SUCCEEDED);
        assertThat(second.status("ValidateService")).containsExactly(EventStatus.SUCCEEDED);
        assertThat(state.resolve("agent-upgrade.json")).doesNotExist();
    }

    @Test
    void aNewAgentThatKeepsStoppingBeforeItReachesTheControllerGoesBackToThePreviousRelease() throws Exception {
        AgentDeployments before = open("1.0", layout());
        before.onDeploy(upgrade("cmd-up", "2.0"), connect(before));
        await().atMost(Duration.ofSeconds(60)).until(() -> restarts.get() == 1);
        before.close();

        // Agent 2.0 starts and dies before it reaches the controller, again and again.
        for (int start = 1; start <= UpgradeCompletion.MAX_STARTS; start++) {
            AgentDeployments crashing = open("2.0", layout());
            crashing.recoverAfterRestart();
            assertThat(crashing.restartRequested()).isFalse();
            assertThat(crashing.pendingCommandIds()).contains("cmd-up");
            crashing.close();
        }
        AgentDeployments last = open("2.0", layout());
        last.recoverAfterRestart();
        assertThat(last.restartRequested()).as("the agent stops for the previous release to start").isTrue();
        assertThat(Files.readSymbolicLink(root.resolve("current"))).isEqualTo(Path.of("releases/0123456789abcdef"));
        last.close();

        // The previous agent starts again and reports the upgrade failed.
        AgentDeployments previous = open("1.0", layout());
        previous.recoverAfterRestart();
        assertThat(previous.restartRequested()).isFalse();
        Controller controller = connect(previous);
        await().atMost(Duration.ofSeconds(10)).until(() -> controller.outcome().isPresent());
        assertThat(controller.outcome().get().succeeded()).isFalse();
        assertThat(controller.outcome().get().failure()).isEqualTo(FailureClass.AGENT_UPGRADE_FAILED.name());
        assertThat(controller.outcome().get().message()).contains("started 3 times without reaching the controller")
                .contains("back to release 0123456789abcdef");
        assertThat(state.resolve("agent-upgrade.json")).doesNotExist();
    }

    @Test
    void anAgentThatComesBackOnAnotherVersionFailsTheUpgrade() throws Exception {
        AgentDeployments before = open("1.0", layout());
        before.onDeploy(upgrade("cmd-up", "2.0"), connect(before));
        await().atMost(Duration.ofSeconds(60)).until(() -> restarts.get() == 1);
        before.close();

        AgentDeployments after = open("1.0", layout());
        after.recoverAfterRestart();
        Controller second = connect(after);
        await().atMost(Duration.ofSeconds(10)).until(() -> second.outcome().isPresent());
        assertThat(second.outcome().get().succeeded()).isFalse();
        assertThat(second.outcome().get().failure()).isEqualTo(FailureClass.AGENT_UPGRADE_FAILED.name());
        assertThat(second.outcome().get().message()).contains("started again as version 1.0, not 2.0");
    }

    @Test
    void anAgentNotRunFromAnInstalledReleaseRefusesToUpgradeItselfAndKeepsRunning() throws Exception {
        InstallLayout.Result none = InstallLayout.of(Optional.empty());
        AgentDeployments agent = open("1.0", none);
        Controller controller = connect(agent);
        agent.onDeploy(upgrade("cmd-up", "2.0"), controller);

        await().atMost(Duration.ofSeconds(30)).until(() -> controller.outcome().isPresent());
        assertThat(controller.outcome().get().succeeded()).isFalse();
        assertThat(controller.outcome().get().failure()).isEqualTo(FailureClass.AGENT_UPGRADE_FAILED.name());
        assertThat(controller.outcome().get().message()).contains("does not run from an agent distribution");
        assertThat(controller.status("DownloadBundle")).contains(EventStatus.FAILED);
        assertThat(controller.status("ValidateService")).containsExactly(EventStatus.SKIPPED);
        assertThat(restarts.get()).isZero();
        assertThat(Files.readSymbolicLink(root.resolve("current"))).isEqualTo(Path.of("releases/0123456789abcdef"));
    }

    @Test
    void anUpgradeToTheVersionTheAgentRunsSucceedsWithoutARestart() throws Exception {
        AgentDeployments agent = open("2.0", layout());
        Controller controller = connect(agent);
        agent.onDeploy(upgrade("cmd-same", "2.0"), controller);

        await().atMost(Duration.ofSeconds(30)).until(() -> controller.outcome().isPresent());
        assertThat(controller.outcome().get().succeeded()).isTrue();
        assertThat(controller.outcome().get().message()).contains("runs 2.0 already");
        assertThat(restarts.get()).isZero();
    }

    private AgentDeployments open(String version, InstallLayout.Result layout) throws IOException {
        AgentDeployments deployments = AgentAssembly.deployments(state, state.resolve("deployments"),
                Clock.systemUTC(), SETTINGS);
        deployments.enableSelfUpgrades(new SelfUpgrades(state, version, layout, Duration.ofSeconds(30),
                restarts::incrementAndGet));
        opened.add(deployments);
        return deployments;
    }

    private InstallLayout.Result layout() {
        InstallLayout.Result result = InstallLayout.of(Optional.of(running));
        assertThat(result.problem()).isNull();
        return result;
    }

    private Deploy upgrade(String commandId, String version) {
        return new Deploy(commandId, "d-up", "hoist-agent", "agents.env-a.0000", "dg-agents", "rev-dist",
                new BundleReference(sha256, bundle.length, "tgz", "", ""), EVENTS, "OVERWRITE", false, Map.of(),
                List.of(), 0, Map.of(), version);
    }

    private static Path home(Path home, String version) throws IOException {
        Files.createDirectories(home.resolve("bin"));
        Files.writeString(home.resolve("VERSION"), version + "\n");
        Path launcher = home.resolve("bin/hoist-agent");
        Files.writeString(launcher, "#!/bin/sh\necho \"hoist-agent " + version + "\"\n");
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
        return home;
    }

    private Controller connect(AgentDeployments deployments) {
        Controller controller = new Controller(deployments);
        deployments.onConnected(controller);
        return controller;
    }

    /** Answers bundle requests from {@link #bundle} and records everything the agent sends. */
    private final class Controller implements ControllerLink {
        private final List<AgentReport> sent = new ArrayList<>();
        private final AgentDeployments deployments;

        Controller(AgentDeployments deployments) {
            this.deployments = deployments;
        }

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

        List<EventStatus> status(String event) {
            return sent().stream().filter(EventProgress.class::isInstance).map(EventProgress.class::cast)
                    .filter(progress -> progress.event().equals(event)).map(EventProgress::status).toList();
        }

        Optional<HostOutcome> outcome() {
            return sent().stream().filter(HostOutcome.class::isInstance).map(HostOutcome.class::cast).findFirst();
        }
    }
}
