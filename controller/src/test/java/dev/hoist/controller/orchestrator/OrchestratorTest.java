package dev.hoist.controller.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hoist.controller.core.Refusal;
import dev.hoist.controller.core.deploy.AutoRollback;
import dev.hoist.controller.core.deploy.Deployment;
import dev.hoist.controller.core.deploy.DeploymentStatus;
import dev.hoist.controller.core.deploy.HealthCheckSpec;
import dev.hoist.controller.core.deploy.HostEvent;
import dev.hoist.controller.core.deploy.HostRun;
import dev.hoist.controller.core.deploy.HostStanding;
import dev.hoist.controller.core.deploy.HostStatus;
import dev.hoist.controller.core.deploy.LogLine;
import dev.hoist.controller.core.deploy.LogPage;
import dev.hoist.controller.core.deploy.Revision;
import dev.hoist.controller.orchestrator.RecordingAgentCommands.Cancel;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The orchestrator on a real H2 store with the test playing three agents: no threads of its own, no
 * sleeps; time moves by the clock and deadlines are checked by calling the tick.
 */
class OrchestratorTest {
    private static final String APP = "shop";
    private static final Map<String, String> WEB = Map.of("role", "web");

    private OrchestratorHarness h;
    private String a;
    private String b;
    private String c;

    @BeforeEach
    void setUp() {
        h = new OrchestratorHarness();
        h.application(APP);
        a = h.agent("a.example", WEB, true);
        b = h.agent("b.example", WEB, true);
        c = h.agent("c.example", WEB, true);
    }

    @AfterEach
    void tearDown() {
        h.close();
    }

    private void group(String config, AutoRollback autoRollback, List<HealthCheckSpec> checks) {
        h.group(APP, "web", "role=web", config, autoRollback, checks);
    }

    /** Deploys {@code revision} and lets every host succeed; returns the deployment. */
    private Deployment deployEverywhere(Revision revision) {
        Deployment deployment = h.deploy(APP, "web", revision.id(), null);
        for (int round = 0; round < 3; round++) {
            for (String agent : List.of(a, b, c)) {
                HostRun host = h.host(deployment.id(), agent);
                if (host.status() == HostStatus.IN_PROGRESS) {
                    h.succeed(agent);
                }
            }
        }
        assertThat(h.stored(deployment.id()).status()).isEqualTo(DeploymentStatus.SUCCEEDED);
        return deployment;
    }

    @Test
    void deploysOneAtATimeToEveryHostAndRecordsEventsAndRevisions() {
        group("OneAtATime", AutoRollback.DISABLED, List.of());
        Revision rev = h.revision(APP);

        Deployment created = h.deploy(APP, "web", "latest", null);

        assertThat(created.status()).isEqualTo(DeploymentStatus.IN_PROGRESS);
        assertThat(created.revisionId()).isEqualTo(rev.id());
        assertThat(h.commands.deliveries).hasSize(1);
        String first = h.commands.deliveries.get(0).agentId();
        assertThat(h.work(first).events()).containsExactly("ApplicationStop", "DownloadBundle", "BeforeInstall",
                "Install", "AfterInstall", "ApplicationStart", "ValidateService");
        assertThat(h.work(first).bundleSha256()).isEqualTo(rev.sha256());
        h.log(first, "BeforeInstall", 1, "installing", "done");
        h.succeed(first);
        assertThat(h.commands.deliveries).hasSize(2);

        deployEverywhereRemaining(created.id());

        Deployment done = h.stored(created.id());
        assertThat(done.status()).isEqualTo(DeploymentStatus.SUCCEEDED);
        assertThat(done.endedAt()).isNotNull();
        assertThat(h.commands.deliveries).extracting(RecordingAgentCommands.Delivery::agentId)
                .containsExactlyInAnyOrder(a, b, c);
        assertThat(h.events(created.id(), first)).extracting(HostEvent::status).containsOnly(HostStatus.SUCCEEDED)
                .hasSize(7);
        assertThat(h.store.logs(created.id(), new LogPage(first, 0, 0, 10))).extracting(LogLine::text)
                .containsExactly("installing", "done");
        assertThat(h.store.groupHosts(done.groupId()).values())
                .allSatisfy(record -> assertThat(record.revisionId()).isEqualTo(rev.id()));
        assertThat(h.heard).anySatisfy(change -> assertThat(change).isInstanceOfSatisfying(Deployment.class,
                d -> assertThat(d.status()).isEqualTo(DeploymentStatus.SUCCEEDED)));
    }

    private void deployEverywhereRemaining(String deploymentId) {
        for (int round = 0; round < 3; round++) {
            for (String agent : List.of(a, b, c)) {
                if (h.host(deploymentId, agent).status() == HostStatus.IN_PROGRESS) {
                    h.succeed(agent);
                }
            }
        }
    }

    @Test
    void aFailedHostUnderOneAtATimeFailsTheDeploymentAndRollsBack() {
        group("OneAtATime", AutoRollback.ON_FAILURE, List.of());
        Revision good = h.revision(APP);
        deployEverywhere(good);
        Revision bad = h.revision(APP);
        h.commands.deliveries.clear();

        Deployment broken = h.deploy(APP, "web", bad.id(), null);
        String first = h.commands.deliveries.get(0).agentId();
        h.failAt(first, "ValidateService", "SCRIPT_FAILED");

        Deployment failed = h.stored(broken.id());
        assertThat(failed.status()).isEqualTo(DeploymentStatus.FAILED);
        assertThat(failed.error()).contains("failed");
        assertThat(failed.rollbackDeploymentId()).isNotNull();
        for (String other : List.of(a, b, c)) {
            if (!other.equals(first)) {
                assertThat(h.host(broken.id(), other).status()).isEqualTo(HostStatus.SKIPPED);
            }
        }
        assertThat(h.events(broken.id(), first)).filteredOn(e -> e.event().equals("ValidateService"))
                .singleElement().satisfies(e -> {
                    assertThat(e.status()).isEqualTo(HostStatus.FAILED);
                    assertThat(e.failure()).isEqualTo("SCRIPT_FAILED");
                    assertThat(e.exitCode()).isEqualTo(1);
                });

        Deployment rollback = h.stored(failed.rollbackDeploymentId());
        assertThat(rollback.creator()).isEqualTo("rollback");
        assertThat(rollback.rollbackOf()).isEqualTo(broken.id());
        assertThat(rollback.revisionId()).isEqualTo(good.id());
        assertThat(rollback.status()).isEqualTo(DeploymentStatus.IN_PROGRESS);
        // The host the failure left unhealthy goes first.
        assertThat(h.host(rollback.id(), first).standing()).isEqualTo(HostStanding.UNHEALTHY);
        assertThat(h.commands.deliveries).hasSize(2);
        assertThat(h.commands.deliveries.get(1).agentId()).isEqualTo(first);
        assertThat(h.work(first).revisionId()).isEqualTo(good.id());
        assertThat(h.work(first).ignoreApplicationStopFailures()).isTrue();
        deployEverywhereRemaining(rollback.id());
        assertThat(h.stored(rollback.id()).status()).isEqualTo(DeploymentStatus.SUCCEEDED);
    }

    @Test
    void aFailedHealthGateTriggersTheAlarmRollback() {
        // Only the alarm trigger: a rollback proves the failure was taken for a failed health gate.
        group("AllAtOnce", new AutoRollback(true, Set.of(AutoRollback.Trigger.DEPLOYMENT_STOP_ON_ALARM)),
                List.of(new HealthCheckSpec(HealthCheckSpec.Kind.HTTP, "http://127.0.0.1:9/health", 200,
                        Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(5))));
        deployEverywhere(h.revision(APP));
        Deployment next = h.deploy(APP, "web", h.revision(APP).id(), null);
        assertThat(h.work(a).healthChecks()).hasSize(1);

        h.failAt(a, "ValidateService", "HEALTH_CHECK_FAILED");
        assertThat(h.stored(next.id()).status()).as("hosts b and c are still in flight")
                .isEqualTo(DeploymentStatus.IN_PROGRESS);
        h.succeed(b);
        h.succeed(c);

        Deployment failed = h.stored(next.id());
        assertThat(failed.status()).isEqualTo(DeploymentStatus.FAILED);
        assertThat(failed.error()).contains("health gate failed on a.example");
        assertThat(failed.rollbackDeploymentId()).isNotNull();
        assertThat(h.stored(failed.rollbackDeploymentId()).rollbackOf()).isEqualTo(next.id());
    }

    @Test
    void noRollbackWhenTheFailedHostChangedNothing() {
        group("OneAtATime", AutoRollback.ON_FAILURE, List.of());
        deployEverywhere(h.revision(APP));
        h.commands.deliveries.clear();
        Deployment broken = h.deploy(APP, "web", h.revision(APP).id(), null);
        String first = h.commands.deliveries.get(0).agentId();

        // Refused before its first event (another deployment of the group held the host): all Skipped.
        h.ack(first);
        for (String event : h.work(first).events()) {
            h.event(first, event, HostStatus.SKIPPED, null);
        }
        h.result(first, HostStatus.FAILED, "UNKNOWN_ERROR");

        Deployment failed = h.stored(broken.id());
        assertThat(failed.status()).isEqualTo(DeploymentStatus.FAILED);
        assertThat(failed.rollbackDeploymentId()).as("hostile-probe finding 10: no host changed, no rollback").isNull();
        assertThat(failed.error()).contains("no automatic rollback: no host was changed");
    }

    @Test
    void noRollbackWithoutAnEarlierSuccessAndTheReasonIsRecorded() {
        group("OneAtATime", AutoRollback.ON_FAILURE, List.of());
        Deployment first = h.deploy(APP, "web", h.revision(APP).id(), null);
        String host = h.commands.deliveries.get(0).agentId();
        h.failAt(host, "Install", "FILE_EXISTS");

        Deployment failed = h.stored(first.id());
        assertThat(failed.status()).isEqualTo(DeploymentStatus.FAILED);
        assertThat(failed.rollbackDeploymentId()).isNull();
        assertThat(failed.error()).contains("no automatic rollback").contains("no earlier successful deployment");
    }

    @Test
    void aHostWhoseAgentStaysAwayFailsWithAgentLostAtTheDeadline() {
        group("AllAtOnce", AutoRollback.DISABLED, List.of());
        String away = h.agent("d.example", WEB, false);
        Deployment deployment = h.deploy(APP, "web", h.revision(APP).id(), null);
        h.succeed(a);
        h.ack(b);
        h.disconnect(b);
        h.succeed(c);

        h.clock.advance(OrchestratorHarness.AGENT_LOST.minusSeconds(1));
        h.tick();
        assertThat(h.host(deployment.id(), away).status()).isEqualTo(HostStatus.IN_PROGRESS);
        assertThat(h.host(deployment.id(), b).status()).isEqualTo(HostStatus.IN_PROGRESS);

        h.clock.advance(Duration.ofSeconds(1));
        h.tick();
        for (String lost : List.of(away, b)) {
            HostRun host = h.host(deployment.id(), lost);
            assertThat(host.status()).isEqualTo(HostStatus.FAILED);
            assertThat(host.failure()).isEqualTo("AGENT_LOST");
            assertThat(host.message()).contains("agent-lost timeout");
        }
        assertThat(h.events(deployment.id(), b)).extracting(HostEvent::status).containsOnly(HostStatus.SKIPPED);
        assertThat(h.stored(deployment.id()).status()).as("AllAtOnce succeeds with 2 of 4 hosts")
                .isEqualTo(DeploymentStatus.SUCCEEDED);
    }

    @Test
    void aHostPastItsOverallDeadlineFailsEvenWithItsAgentConnected() {
        group("AllAtOnce", AutoRollback.DISABLED, List.of());
        Deployment deployment = h.deploy(APP, "web", h.revision(APP).id(), null);
        h.succeed(a);
        h.succeed(b);
        h.ack(c);
        HostRun running = h.host(deployment.id(), c);
        // 5 scripted events at the group's 10 min limit, plus 5 min slack.
        assertThat(running.deadline()).isEqualTo(running.startedAt().plus(Duration.ofMinutes(55)));

        h.clock.advance(Duration.ofMinutes(55));
        h.tick();

        assertThat(h.host(deployment.id(), c).failure()).isEqualTo("AGENT_LOST");
        assertThat(h.host(deployment.id(), c).message()).contains("deadline");
        assertThat(h.stored(deployment.id()).status()).isEqualTo(DeploymentStatus.SUCCEEDED);
        assertThat(h.commands.cancels).as("the agent is told to stop the work the controller gave up on")
                .containsExactly(new Cancel(c, running.commandId(), false));
    }

    @Test
    void anAgentThatComesBackHoldingACommandGivenUpOnIsToldToCancelIt() {
        group("AllAtOnce", AutoRollback.DISABLED, List.of());
        String away = h.agent("d.example", WEB, false);
        Deployment deployment = h.deploy(APP, "web", h.revision(APP).id(), null);
        h.ack(b);
        String given = h.host(deployment.id(), b).commandId();
        h.disconnect(b);
        h.clock.advance(OrchestratorHarness.AGENT_LOST);
        h.tick();
        assertThat(h.host(deployment.id(), b).failure()).isEqualTo("AGENT_LOST");
        h.commands.cancels.clear();

        h.connect(b, List.of(given));

        assertThat(h.commands.cancels).containsExactly(new Cancel(b, given, false));
    }

    @Test
    void workForAnAgentThatWasAwayIsRedeliveredWhenItConnects() {
        group("AllAtOnce", AutoRollback.DISABLED, List.of());
        String late = h.agent("d.example", WEB, false);
        Deployment deployment = h.deploy(APP, "web", h.revision(APP).id(), null);
        String commandId = h.work(late).commandId();

        h.clock.advance(Duration.ofSeconds(30));
        h.connect(late, List.of());

        assertThat(h.commands.sentTo(late)).hasSize(2).allSatisfy(w -> assertThat(w.commandId()).isEqualTo(commandId));
        h.succeed(late);
        assertThat(h.host(deployment.id(), late).status()).isEqualTo(HostStatus.SUCCEEDED);
    }

    @Test
    void anAgentThatReconnectsWithoutItsAcknowledgedCommandFailsTheHostAtOnce() {
        group("OneAtATime", AutoRollback.DISABLED, List.of());
        Deployment deployment = h.deploy(APP, "web", h.revision(APP).id(), null);
        String first = h.commands.deliveries.get(0).agentId();
        h.ack(first);
        h.event(first, "BeforeInstall", HostStatus.IN_PROGRESS, null);
        h.disconnect(first);

        h.connect(first, List.of());

        HostRun host = h.host(deployment.id(), first);
        assertThat(host.status()).isEqualTo(HostStatus.FAILED);
        assertThat(host.failure()).isEqualTo("AGENT_LOST");
        assertThat(h.events(deployment.id(), first)).filteredOn(e -> e.event().equals("BeforeInstall"))
                .extracting(HostEvent::status).containsExactly(HostStatus.FAILED);
    }

    @Test
    void aKilledControllerResumesFromTheStoreWithoutLosingOrDuplicatingAnything() {
        group("OneAtATime", AutoRollback.DISABLED, List.of());
        Deployment deployment = h.deploy(APP, "web", h.revision(APP).id(), null);
        String first = h.commands.deliveries.get(0).agentId();
        h.succeed(first);
        String second = h.commands.deliveries.get(1).agentId();
        String commandId = h.work(second).commandId();
        h.ack(second);
        h.event(second, "ApplicationStop", HostStatus.IN_PROGRESS, null);
        h.log(second, "ApplicationStop", 1, "one", "two", "three");
        h.stored(deployment.id());

        h.killAndRestart();
        h.clock.advance(Duration.ofSeconds(20));
        h.tick();
        assertThat(h.host(deployment.id(), second).status()).as("waits for the agent to reconnect")
                .isEqualTo(HostStatus.IN_PROGRESS);

        h.connect(second, List.of(commandId));
        // After the reconnect the agent repeats what it may not have had acknowledged.
        h.event(second, "ApplicationStop", HostStatus.IN_PROGRESS, null);
        h.log(second, "ApplicationStop", 2, "two", "three", "four");
        h.event(second, "ApplicationStop", HostStatus.SUCCEEDED, null);
        h.result(second, HostStatus.SUCCEEDED, null);
        String third = h.commands.deliveries.get(2).agentId();
        assertThat(third).isNotIn(first, second);
        h.succeed(third);

        assertThat(h.stored(deployment.id()).status()).isEqualTo(DeploymentStatus.SUCCEEDED);
        assertThat(h.store.logs(deployment.id(), new LogPage(second, 0, 0, 100)))
                .extracting(LogLine::lineNumber, LogLine::text)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1L, "one"), org.assertj.core.groups.Tuple.tuple(2L, "two"),
                        org.assertj.core.groups.Tuple.tuple(3L, "three"), org.assertj.core.groups.Tuple.tuple(4L, "four"));
        assertThat(h.store.logs(deployment.id(), new LogPage(null, 0, 0, 100))).extracting(LogLine::sequence)
                .containsExactly(1L, 2L, 3L, 4L);
        assertThat(h.events(deployment.id(), second)).filteredOn(e -> e.event().equals("ApplicationStop"))
                .extracting(HostEvent::status).containsExactly(HostStatus.SUCCEEDED);
        assertThat(h.commands.sentTo(second)).hasSize(1);
    }

    @Test
    void aHostInFlightAtTheKillStillHasItsDeadlineAfterTheRestart() {
        group("OneAtATime", AutoRollback.DISABLED, List.of());
        Deployment deployment = h.deploy(APP, "web", h.revision(APP).id(), null);
        String first = h.commands.deliveries.get(0).agentId();
        h.ack(first);

        h.killAndRestart();
        h.clock.advance(OrchestratorHarness.AGENT_LOST);
        h.tick();

        assertThat(h.host(deployment.id(), first).failure()).isEqualTo("AGENT_LOST");
        assertThat(h.stored(deployment.id()).status()).isEqualTo(DeploymentStatus.FAILED);
    }

    @Test
    void stopCancelsRunningHooksSkipsTheRestAndEndsStoppedWithARollback() {
        group("OneAtATime", new AutoRollback(true, Set.of(AutoRollback.Trigger.DEPLOYMENT_STOP_ON_REQUEST)), List.of());
        deployEverywhere(h.revision(APP));
        h.commands.deliveries.clear();
        Deployment deployment = h.deploy(APP, "web", h.revision(APP).id(), null);
        String first = h.commands.deliveries.get(0).agentId();
        h.ack(first);
        h.event(first, "ApplicationStop", HostStatus.IN_PROGRESS, null);

        Deployment stopping = h.stop(deployment.id(), true);

        assertThat(stopping.status()).as("a host is still in flight").isEqualTo(DeploymentStatus.IN_PROGRESS);
        assertThat(stopping.error()).contains("stopped by bob").contains("cancelled");
        assertThat(h.commands.cancels).containsExactly(new Cancel(first, h.work(first).commandId(), false));
        assertThat(h.store.hosts(deployment.id())).filteredOn(host -> !host.agentId().equals(first))
                .extracting(HostRun::status).containsOnly(HostStatus.SKIPPED);

        h.result(first, HostStatus.FAILED, "CANCELLED");
        Deployment stopped = h.stored(deployment.id());
        assertThat(stopped.status()).isEqualTo(DeploymentStatus.STOPPED);
        assertThat(stopped.rollbackDeploymentId()).isNotNull();
        assertThat(h.stored(stopped.rollbackDeploymentId()).rollbackOf()).isEqualTo(deployment.id());
    }

    @Test
    void stopWithoutCancellingLetsTheRunningHookFinish() {
        group("OneAtATime", AutoRollback.DISABLED, List.of());
        Deployment deployment = h.deploy(APP, "web", h.revision(APP).id(), null);
        String first = h.commands.deliveries.get(0).agentId();

        h.stop(deployment.id(), false);
        assertThat(h.commands.cancels).containsExactly(new Cancel(first, h.work(first).commandId(), true));
        h.succeed(first);

        Deployment stopped = h.stored(deployment.id());
        assertThat(stopped.status()).isEqualTo(DeploymentStatus.STOPPED);
        assertThat(stopped.error()).contains("allowed to finish");
        assertThat(h.host(deployment.id(), first).status()).isEqualTo(HostStatus.SUCCEEDED);
        assertThatThrownBy(() -> h.stop(deployment.id(), true)).isInstanceOfSatisfying(Refusal.class,
                refusal -> assertThat(refusal.code()).isEqualTo("DEPLOYMENT_ENDED"));
    }

    @Test
    void aSecondDeploymentOfTheGroupWaitsQueuedAndStartsWhenTheFirstEnds() {
        group("AllAtOnce", AutoRollback.DISABLED, List.of());
        Deployment first = h.deploy(APP, "web", h.revision(APP).id(), null);
        Deployment second = h.deploy(APP, "web", h.revision(APP).id(), null);

        assertThat(second.status()).isEqualTo(DeploymentStatus.QUEUED);
        assertThat(second.error()).isEqualTo("waiting for deployment " + first.id() + " of this group");
        assertThat(h.commands.deliveries).hasSize(3);

        for (String agent : List.of(a, b, c)) {
            h.succeed(agent);
        }

        assertThat(h.stored(first.id()).status()).isEqualTo(DeploymentStatus.SUCCEEDED);
        Deployment started = h.stored(second.id());
        assertThat(started.status()).isEqualTo(DeploymentStatus.IN_PROGRESS);
        assertThat(started.error()).isNull();
        assertThat(h.commands.deliveries).hasSize(6);
        assertThat(h.store.hosts(second.id())).extracting(HostRun::standing).containsOnly(HostStanding.OLD_REVISION);
    }

    @Test
    void duplicatedAndReorderedReportsChangeNothing() {
        group("AllAtOnce", AutoRollback.DISABLED, List.of());
        Deployment deployment = h.deploy(APP, "web", h.revision(APP).id(), null);
        h.succeed(a);
        h.succeed(b);
        h.ack(c);
        h.event(c, "Install", HostStatus.SUCCEEDED, null);
        h.event(c, "Install", HostStatus.IN_PROGRESS, null);
        h.event(c, "Install", HostStatus.SUCCEEDED, null);
        h.log(c, "Install", 1, "x");
        h.log(c, "Install", 1, "x");
        h.result(c, HostStatus.FAILED, "SCRIPT_FAILED");
        h.result(c, HostStatus.SUCCEEDED, null);
        h.succeed(a);

        assertThat(h.host(deployment.id(), c).status()).isEqualTo(HostStatus.FAILED);
        assertThat(h.events(deployment.id(), c)).filteredOn(e -> e.event().equals("Install"))
                .extracting(HostEvent::status).containsExactly(HostStatus.SUCCEEDED);
        assertThat(h.store.logs(deployment.id(), new LogPage(c, 0, 0, 10))).hasSize(1);
        assertThat(h.stored(deployment.id()).status()).isEqualTo(DeploymentStatus.SUCCEEDED);
        assertThat(h.commands.deliveries).hasSize(3);
    }

    @Test
    void aMinimumTheHostsCannotMeetFailsTheDeploymentBeforeAnyHostIsTouched() {
        h.catalog.configs.insert(new dev.hoist.controller.core.deploy.DeploymentConfig("AllThree",
                new dev.hoist.controller.core.deploy.MinimumHealthyHosts.HostCount(3), false));
        group("AllThree", AutoRollback.ON_FAILURE, List.of());

        Deployment deployment = h.deploy(APP, "web", h.revision(APP).id(), null);

        assertThat(deployment.status()).isEqualTo(DeploymentStatus.FAILED);
        assertThat(deployment.error()).contains("HOST_COUNT 3").contains("no automatic rollback: no host was changed");
        assertThat(h.commands.deliveries).isEmpty();
        assertThat(h.store.hosts(deployment.id())).isEmpty();
    }

    @Test
    void unknownCatalogEntriesAreRefusedWithTheirCodes() {
        group("OneAtATime", AutoRollback.DISABLED, List.of());
        assertThatThrownBy(() -> h.deploy("nope", "web", "latest", null)).isInstanceOfSatisfying(Refusal.class,
                r -> assertThat(r.code()).isEqualTo("APPLICATION_NOT_FOUND"));
        assertThatThrownBy(() -> h.deploy(APP, "nope", "latest", null)).isInstanceOfSatisfying(Refusal.class,
                r -> assertThat(r.code()).isEqualTo("DEPLOYMENT_GROUP_NOT_FOUND"));
        assertThatThrownBy(() -> h.deploy(APP, "web", "latest", null)).isInstanceOfSatisfying(Refusal.class,
                r -> assertThat(r.getMessage()).contains("hoist push"));
        assertThatThrownBy(() -> h.deploy(APP, "web", "rev-404", null)).isInstanceOfSatisfying(Refusal.class,
                r -> assertThat(r.code()).isEqualTo("REVISION_NOT_FOUND"));
    }
}
