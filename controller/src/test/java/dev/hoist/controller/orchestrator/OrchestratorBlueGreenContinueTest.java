package dev.hoist.controller.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hoist.controller.core.Refusal;
import dev.hoist.controller.core.deploy.AutoRollback;
import dev.hoist.controller.core.deploy.Deployment;
import dev.hoist.controller.core.deploy.DeploymentGroup;
import dev.hoist.controller.core.deploy.DeploymentStatus;
import dev.hoist.controller.core.deploy.HostStatus;
import dev.hoist.controller.core.traffic.LoadBalancer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Blue/green with a wait before the reroute, on a real SQLite store: the deployment turns Ready once every
 * replacement host is ready, the traffic moves only on continue, a wait past its expiry stops the deployment
 * with nothing moved, a continue that is not awaited is refused, and the wait survives a restart.
 */
class OrchestratorBlueGreenContinueTest {
    private static final String APP = "shop";
    private static final Duration EXPIRY = Duration.ofHours(1);
    private static final LoadBalancer WAITING = new LoadBalancer(null, "role=lb", List.of("web"), "name",
            Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ofSeconds(300),
            new LoadBalancer.BlueGreen("pool=blue", "pool=green", LoadBalancer.BlueGreen.BLUE, EXPIRY));

    private OrchestratorHarness h;
    private String blue1;
    private String green1;
    private String green2;
    private DeploymentGroup group;

    @BeforeEach
    void setUp() {
        h = new OrchestratorHarness();
        h.application(APP);
        blue1 = h.agent("blue-1", Map.of("role", "web", "pool", "blue"), true);
        green1 = h.agent("green-1", Map.of("role", "web", "pool", "green"), true);
        green2 = h.agent("green-2", Map.of("role", "web", "pool", "green"), true);
        group = h.group(APP, "web", "role=web", "OneAtATime", AutoRollback.ON_FAILURE, List.of());
        h.traffic.balancers.put(group.id(), WAITING);
    }

    @AfterEach
    void tearDown() {
        h.close();
    }

    private void finishAfterReroute(String agentId) {
        h.event(agentId, "AllowTraffic", HostStatus.SUCCEEDED, null);
        h.event(agentId, "AfterAllowTraffic", HostStatus.IN_PROGRESS, null);
        h.event(agentId, "AfterAllowTraffic", HostStatus.SUCCEEDED, null);
        h.result(agentId, HostStatus.SUCCEEDED, null);
    }

    /** The released host's agent ends AllowTraffic as it was told: failed, and the host with it. */
    private void released(String agentId) {
        h.event(agentId, "AllowTraffic", HostStatus.FAILED, "TRAFFIC_ALLOW_FAILED");
        h.result(agentId, HostStatus.FAILED, "TRAFFIC_ALLOW_FAILED");
    }

    private Deployment readyDeployment() {
        Deployment deployment = h.deploy(APP, "web", h.revision(APP).id(), null);
        h.readyToReroute(green1);
        h.readyToReroute(green2);
        return deployment;
    }

    private String reroute(String... agents) {
        return "reroute " + List.of(agents).stream().sorted().toList() + ", originals block themselves: [" + blue1
                + "]";
    }

    @Test
    void aReadyDeploymentWaitsForContinueThenReroutes() {
        Deployment deployment = readyDeployment();

        Deployment ready = h.stored(deployment.id());
        assertThat(ready.status()).isEqualTo(DeploymentStatus.READY);
        assertThat(ready.continueBy()).isEqualTo(OrchestratorHarness.T0.plus(EXPIRY));
        assertThat(ready.continuedAt()).isNull();
        assertThat(h.traffic.steps).as("nothing moves before continue").isEmpty();

        h.clock.advance(Duration.ofMinutes(20));
        h.tick();
        assertThat(h.stored(deployment.id()).status()).as("before the expiry").isEqualTo(DeploymentStatus.READY);

        Deployment continued = h.continueReroute(deployment.id());
        assertThat(continued.status()).isEqualTo(DeploymentStatus.IN_PROGRESS);
        assertThat(h.stored(deployment.id()).continuedAt()).isEqualTo(OrchestratorHarness.T0.plus(Duration.ofMinutes(20)));
        assertThat(h.traffic.steps).containsExactly(reroute(green1, green2));

        finishAfterReroute(green1);
        finishAfterReroute(green2);
        h.succeed(blue1);
        Deployment ended = h.stored(deployment.id());
        assertThat(ended.status()).isEqualTo(DeploymentStatus.SUCCEEDED);
        assertThat(ended.continueBy()).as("kept: the deployment waited").isNotNull();
        assertThat(h.traffic.balancers.get(group.id()).blueGreen().serving()).isEqualTo("green");
    }

    @Test
    void theReplacementHostsWaitInAllowTrafficLongEnoughForTheExpiry() {
        h.deploy(APP, "web", h.revision(APP).id(), null);
        assertThat(h.work(green1).trafficStepTimeout()).isGreaterThan(HostWork.REROUTE_WAIT.plus(EXPIRY));
    }

    @Test
    void aWaitPastItsExpiryStopsTheDeploymentAndNothingMoves() {
        Deployment deployment = readyDeployment();

        h.clock.advance(EXPIRY.minusSeconds(1));
        h.tick();
        assertThat(h.stored(deployment.id()).status()).isEqualTo(DeploymentStatus.READY);
        h.clock.advance(Duration.ofSeconds(1));
        h.tick();

        assertThat(h.traffic.steps).containsExactlyInAnyOrder(
                "release " + green1 + " AllowTraffic TRAFFIC_ALLOW_FAILED",
                "release " + green2 + " AllowTraffic TRAFFIC_ALLOW_FAILED");
        Deployment ending = h.stored(deployment.id());
        assertThat(ending.status()).as("its hosts are still in flight").isEqualTo(DeploymentStatus.IN_PROGRESS);
        assertThatThrownBy(() -> h.continueReroute(deployment.id())).isInstanceOfSatisfying(Refusal.class,
                refusal -> assertThat(refusal.code()).isEqualTo("DEPLOYMENT_NOT_WAITING"));

        released(green1);
        released(green2);
        Deployment stopped = h.stored(deployment.id());
        assertThat(stopped.status()).isEqualTo(DeploymentStatus.STOPPED);
        assertThat(stopped.error()).contains("not continued by " + OrchestratorHarness.T0.plus(EXPIRY))
                .contains("blue set kept serving");
        assertThat(stopped.continuedAt()).isNull();
        assertThat(h.traffic.steps).noneMatch(step -> step.startsWith("reroute"));
        assertThat(h.traffic.balancers.get(group.id()).blueGreen().serving()).isEqualTo("blue");
    }

    @Test
    void aStopWhileReadyReleasesTheHostsAndMovesNothing() {
        Deployment deployment = readyDeployment();

        Deployment stopping = h.stop(deployment.id(), false);
        assertThat(stopping.status()).as("no longer Ready: its hosts are being released")
                .isEqualTo(DeploymentStatus.IN_PROGRESS);
        assertThat(h.traffic.steps).contains("release " + green1 + " AllowTraffic TRAFFIC_ALLOW_FAILED",
                "release " + green2 + " AllowTraffic TRAFFIC_ALLOW_FAILED");
        released(green1);
        released(green2);

        Deployment stopped = h.stored(deployment.id());
        assertThat(stopped.status()).isEqualTo(DeploymentStatus.STOPPED);
        assertThat(stopped.error()).contains("stopped by bob").contains("blue set kept serving");
        assertThat(h.traffic.steps).noneMatch(step -> step.startsWith("reroute"));
        h.clock.advance(EXPIRY);
        h.tick();
        assertThat(h.stored(deployment.id())).as("the expiry of a stopped deployment does nothing").isEqualTo(stopped);
    }

    @Test
    void aContinueIsRefusedWhenTheDeploymentDoesNotWait() {
        Deployment deployment = h.deploy(APP, "web", h.revision(APP).id(), null);
        h.readyToReroute(green1);
        assertThatThrownBy(() -> h.continueReroute(deployment.id())).isInstanceOfSatisfying(Refusal.class,
                refusal -> {
                    assertThat(refusal.kind()).isEqualTo(Refusal.Kind.CONFLICT);
                    assertThat(refusal.code()).isEqualTo("DEPLOYMENT_NOT_WAITING");
                    assertThat(refusal.details()).containsEntry("status", "InProgress");
                    assertThat(refusal.getMessage()).contains("not all ready yet");
                });
        assertThat(h.traffic.steps).as("a refused continue moves nothing").isEmpty();

        h.readyToReroute(green2);
        h.continueReroute(deployment.id());
        assertThatThrownBy(() -> h.continueReroute(deployment.id())).isInstanceOfSatisfying(Refusal.class,
                refusal -> assertThat(refusal.getMessage()).contains("was continued at"));
        finishAfterReroute(green1);
        finishAfterReroute(green2);
        h.succeed(blue1);
        assertThatThrownBy(() -> h.continueReroute(deployment.id())).isInstanceOfSatisfying(Refusal.class,
                refusal -> {
                    assertThat(refusal.code()).isEqualTo("DEPLOYMENT_NOT_WAITING");
                    assertThat(refusal.details()).containsEntry("status", "Succeeded");
                });
        assertThat(h.traffic.steps).filteredOn(step -> step.startsWith("reroute")).hasSize(1);
    }

    @Test
    void aGroupWithoutTheWaitReroutesAtOnceAndRefusesContinue() {
        h.traffic.balancers.put(group.id(), WAITING.withBlueGreen(new LoadBalancer.BlueGreen("pool=blue",
                "pool=green", LoadBalancer.BlueGreen.BLUE)));
        Deployment deployment = readyDeployment();

        assertThat(h.traffic.steps).containsExactly(reroute(green1, green2));
        assertThat(h.stored(deployment.id()).status()).isEqualTo(DeploymentStatus.IN_PROGRESS);
        assertThat(h.stored(deployment.id()).continueBy()).isNull();
        assertThatThrownBy(() -> h.continueReroute(deployment.id())).isInstanceOfSatisfying(Refusal.class,
                refusal -> assertThat(refusal.getMessage()).contains("does not wait for continue"));
    }

    @Test
    void theWaitSurvivesARestartAndContinueThenReroutesEveryHost() {
        Deployment deployment = readyDeployment();
        String command1 = h.work(green1).commandId();
        String command2 = h.work(green2).commandId();

        h.killAndRestart();
        assertThat(h.orchestrator().unfinished(deployment.id()).orElseThrow().status())
                .isEqualTo(DeploymentStatus.READY);
        h.connect(green1, List.of(command1));
        h.connect(green2, List.of(command2));
        h.continueReroute(deployment.id());

        assertThat(h.traffic.steps).containsExactly(reroute(green1, green2));
        finishAfterReroute(green1);
        finishAfterReroute(green2);
        h.succeed(blue1);
        assertThat(h.stored(deployment.id()).status()).isEqualTo(DeploymentStatus.SUCCEEDED);
    }

    @Test
    void aContinuedDeploymentRestartedAfterTheRerouteStillSwitchesBackOnAFailure() {
        Deployment deployment = readyDeployment();
        h.continueReroute(deployment.id());
        String command1 = h.work(green1).commandId();
        String command2 = h.work(green2).commandId();

        h.killAndRestart();
        h.connect(green1, List.of(command1));
        h.connect(green2, List.of(command2));
        h.event(green1, "AllowTraffic", HostStatus.SUCCEEDED, null);
        h.event(green1, "AfterAllowTraffic", HostStatus.IN_PROGRESS, null);
        h.event(green1, "AfterAllowTraffic", HostStatus.FAILED, "SCRIPT_FAILED");
        h.result(green1, HostStatus.FAILED, "SCRIPT_FAILED");
        finishAfterReroute(green2);

        Deployment ended = h.stored(deployment.id());
        assertThat(ended.status()).isEqualTo(DeploymentStatus.FAILED);
        assertThat(ended.error()).contains("switched back to the blue set");
        assertThat(h.traffic.steps).last().isEqualTo("switch back " + List.of(green1, green2).stream().sorted()
                .toList());
    }

    @Test
    void theDeadlineSurvivesARestartEvenWhenTheGroupNoLongerWaits() {
        Deployment deployment = readyDeployment();
        String command1 = h.work(green1).commandId();
        String command2 = h.work(green2).commandId();
        // The group's setting changes while the deployment waits: the stored wait and deadline still hold.
        h.traffic.balancers.put(group.id(), WAITING.withBlueGreen(new LoadBalancer.BlueGreen("pool=blue",
                "pool=green", LoadBalancer.BlueGreen.BLUE)));

        h.killAndRestart();
        h.connect(green1, List.of(command1));
        h.connect(green2, List.of(command2));
        h.clock.advance(EXPIRY);
        h.tick();

        assertThat(h.traffic.steps).containsExactlyInAnyOrder(
                "release " + green1 + " AllowTraffic TRAFFIC_ALLOW_FAILED",
                "release " + green2 + " AllowTraffic TRAFFIC_ALLOW_FAILED");
        released(green1);
        released(green2);
        assertThat(h.stored(deployment.id()).status()).isEqualTo(DeploymentStatus.STOPPED);
    }
}
