package dev.hoist.controller.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hoist.controller.core.deploy.AutoRollback;
import dev.hoist.controller.core.deploy.Deployment;
import dev.hoist.controller.core.deploy.DeploymentGroup;
import dev.hoist.controller.core.deploy.DeploymentStatus;
import dev.hoist.controller.core.deploy.HostDeployment;
import dev.hoist.controller.core.deploy.HostEvents;
import dev.hoist.controller.core.deploy.HostStanding;
import dev.hoist.controller.core.deploy.HostStatus;
import dev.hoist.controller.core.traffic.LoadBalancer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Blue/green deployments on a real SQLite store: the idle set installs all at once, the reroute waits for
 * every replacement host, the original set's hosts then run their traffic-blocking hooks, a failure before
 * the reroute moves nothing, a failure after it (of either set) switches back, and a success swaps the
 * sets' roles.
 */
class OrchestratorBlueGreenTest {
    private static final String APP = "shop";
    private static final LoadBalancer BALANCER = new LoadBalancer(null, "role=lb", List.of("web"), "name",
            Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ofSeconds(300),
            new LoadBalancer.BlueGreen("pool=blue", "pool=green", LoadBalancer.BlueGreen.BLUE));

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
        h.traffic.balancers.put(group.id(), BALANCER);
    }

    @AfterEach
    void tearDown() {
        h.close();
    }

    private void finishAfterReroute(String agentId, String failingEvent) {
        for (String event : List.of("AllowTraffic", "AfterAllowTraffic")) {
            if (!event.equals("AllowTraffic")) {
                h.event(agentId, event, HostStatus.IN_PROGRESS, null);
            }
            boolean fails = event.equals(failingEvent);
            h.event(agentId, event, fails ? HostStatus.FAILED : HostStatus.SUCCEEDED, fails ? "SCRIPT_FAILED" : null);
            if (fails) {
                h.result(agentId, HostStatus.FAILED, "SCRIPT_FAILED");
                return;
            }
        }
        h.result(agentId, HostStatus.SUCCEEDED, null);
    }

    @Test
    void theIdleSetInstallsByTheConfigAndTheRerouteWaitsForEveryReplacementHost() {
        Deployment deployment = h.deploy(APP, "web", h.revision(APP).id(), null);

        assertThat(h.commands.sentTo(blue1)).as("the serving set is not touched").isEmpty();
        HostDeployment work = h.work(green1);
        assertThat(h.commands.sentTo(green2)).as("OneAtATime: one replacement host at a time").isEmpty();
        assertThat(work.events()).isEqualTo(HostEvents.BLUE_GREEN_REPLACEMENT);

        h.readyToReroute(green1);
        assertThat(h.traffic.steps).as("one replacement host is not enough").isEmpty();
        assertThat(h.commands.sentTo(green2)).as("the next one, once the first waits in AllowTraffic").hasSize(1);
        h.readyToReroute(green2);
        assertThat(h.traffic.steps).containsExactly("reroute " + List.of(green1, green2).stream().sorted().toList()
                + ", originals block themselves: [" + blue1 + "]");

        finishAfterReroute(green1, null);
        assertThat(h.commands.sentTo(blue1)).as("the original set waits for every replacement host").isEmpty();
        finishAfterReroute(green2, null);
        assertThat(h.stored(deployment.id()).status()).isEqualTo(DeploymentStatus.IN_PROGRESS);
        HostDeployment leaving = h.work(blue1);
        assertThat(leaving.events()).as("nothing is installed on the original set")
                .isEqualTo(HostEvents.BLUE_GREEN_ORIGINAL);
        assertThat(h.host(deployment.id(), blue1).standing()).isEqualTo(HostStanding.ORIGINAL_SET);

        h.succeed(blue1);
        assertThat(h.traffic.steps).contains("BlockTraffic blue-1 " + leaving.commandId());
        assertThat(h.stored(deployment.id()).status()).isEqualTo(DeploymentStatus.SUCCEEDED);
        assertThat(h.traffic.steps).last().isEqualTo("serving green");
        assertThat(h.traffic.balancers.get(group.id()).blueGreen().serving()).isEqualTo("green");
    }

    @Test
    void theWholeReplacementSetInstallsAtOnceUnderAllAtOnce() {
        DeploymentGroup allAtOnce = h.group(APP, "web-all", "role=web", "AllAtOnce", AutoRollback.ON_FAILURE,
                List.of());
        h.traffic.balancers.put(allAtOnce.id(), BALANCER);
        h.deploy(APP, "web-all", h.revision(APP).id(), null);

        assertThat(h.commands.sentTo(green1)).hasSize(1);
        assertThat(h.commands.sentTo(green2)).hasSize(1);
        assertThat(h.commands.sentTo(blue1)).isEmpty();
    }

    @Test
    void aReplacementHostFailingBeforeTheRerouteMovesNothing() {
        Deployment deployment = h.deploy(APP, "web", h.revision(APP).id(), null);
        h.readyToReroute(green1);
        h.failAt(green2, "ValidateService", "SCRIPT_FAILED");

        assertThat(h.traffic.steps).containsExactly("release " + green1 + " AllowTraffic TRAFFIC_ALLOW_FAILED");
        h.event(green1, "AllowTraffic", HostStatus.FAILED, "TRAFFIC_ALLOW_FAILED");
        h.result(green1, HostStatus.FAILED, "TRAFFIC_ALLOW_FAILED");

        Deployment ended = h.stored(deployment.id());
        assertThat(ended.status()).isEqualTo(DeploymentStatus.FAILED);
        assertThat(ended.error()).contains("before the reroute").contains("blue set kept serving");
        assertThat(ended.rollbackDeploymentId()).as("nothing to roll back").isNull();
        assertThat(h.traffic.balancers.get(group.id()).blueGreen().serving()).isEqualTo("blue");
    }

    @Test
    void aFailureAfterTheRerouteSwitchesTheTrafficBack() {
        Deployment deployment = h.deploy(APP, "web", h.revision(APP).id(), null);
        h.readyToReroute(green1);
        h.readyToReroute(green2);

        finishAfterReroute(green1, "AfterAllowTraffic");
        finishAfterReroute(green2, null);

        Deployment ended = h.stored(deployment.id());
        assertThat(ended.status()).isEqualTo(DeploymentStatus.FAILED);
        assertThat(ended.error()).contains("switched back to the blue set");
        assertThat(h.traffic.steps).last().isEqualTo("switch back " + List.of(green1, green2).stream().sorted()
                .toList());
        assertThat(h.traffic.balancers.get(group.id()).blueGreen().serving()).isEqualTo("blue");
        assertThat(h.commands.sentTo(blue1)).as("the original set keeps serving, untouched").isEmpty();
        assertThat(h.host(deployment.id(), blue1).status()).isEqualTo(HostStatus.SKIPPED);
    }

    /** Runs a deployment to the end of the original set's traffic-blocking hooks. */
    private Deployment originalSetLeft() {
        Deployment deployment = h.deploy(APP, "web", h.revision(APP).id(), null);
        h.readyToReroute(green1);
        h.readyToReroute(green2);
        finishAfterReroute(green1, null);
        finishAfterReroute(green2, null);
        h.succeed(blue1);
        return deployment;
    }

    @Test
    void theOriginalSetIsRetiredAfterTheGroupsWaitAndTheDeploymentEndsAfterIt() {
        h.traffic.balancers.put(group.id(), BALANCER.withBlueGreen(new LoadBalancer.BlueGreen("pool=blue",
                "pool=green", LoadBalancer.BlueGreen.BLUE, null, Duration.ofMinutes(10))));
        Deployment deployment = originalSetLeft();
        assertThat(h.commands.sentTo(blue1)).hasSize(1);
        assertThat(h.stored(deployment.id()).status()).as("waits to retire the original set")
                .isEqualTo(DeploymentStatus.IN_PROGRESS);

        h.clock.advance(Duration.ofMinutes(9));
        h.tick();
        assertThat(h.commands.sentTo(blue1)).as("before the wait is over").hasSize(1);

        h.killAndRestart();
        h.clock.advance(Duration.ofMinutes(1));
        h.tick();
        HostDeployment retire = h.work(blue1);
        assertThat(retire.events()).containsExactly("ApplicationStop");
        assertThat(retire.deploymentId()).isEqualTo(deployment.id() + HostWork.RETIRE_SUFFIX);
        assertThat(h.host(deployment.id(), blue1).standing()).isEqualTo(HostStanding.RETIRING);

        h.connect(blue1, List.of(retire.commandId()));
        h.succeed(blue1);
        assertThat(h.stored(deployment.id()).status()).isEqualTo(DeploymentStatus.SUCCEEDED);
        assertThat(h.traffic.balancers.get(group.id()).blueGreen().serving()).isEqualTo("green");
    }

    @Test
    void aStopWhileTheOriginalSetWaitsToRetireSwitchesTheTrafficBackToIt() {
        h.traffic.balancers.put(group.id(), BALANCER.withBlueGreen(new LoadBalancer.BlueGreen("pool=blue",
                "pool=green", LoadBalancer.BlueGreen.BLUE, null, Duration.ofHours(1))));
        Deployment deployment = originalSetLeft();

        h.stop(deployment.id(), false);

        Deployment ended = h.stored(deployment.id());
        assertThat(ended.status()).isEqualTo(DeploymentStatus.STOPPED);
        assertThat(ended.error()).contains("switched back to the blue set");
        assertThat(h.traffic.steps).last().isEqualTo("switch back " + List.of(green1, green2).stream().sorted()
                .toList());
    }

    @Test
    void aFailedRetirementLeavesTheTrafficOnTheNewSet() {
        h.traffic.balancers.put(group.id(), BALANCER.withBlueGreen(new LoadBalancer.BlueGreen("pool=blue",
                "pool=green", LoadBalancer.BlueGreen.BLUE, null, Duration.ZERO)));
        Deployment deployment = originalSetLeft();

        h.failAt(blue1, "ApplicationStop", "SCRIPT_FAILED");
        h.result(blue1, HostStatus.FAILED, "SCRIPT_FAILED");

        Deployment ended = h.stored(deployment.id());
        assertThat(ended.status()).isEqualTo(DeploymentStatus.FAILED);
        assertThat(ended.error()).contains("original host blue-1 failed (SCRIPT_FAILED)")
                .contains("the traffic stays on the green set");
        assertThat(h.traffic.steps).noneMatch(step -> step.startsWith("switch back"));
        assertThat(h.traffic.balancers.get(group.id()).blueGreen().serving()).isEqualTo("green");
    }

    @Test
    void theOriginalSetLeavingSurvivesARestart() {
        Deployment deployment = h.deploy(APP, "web", h.revision(APP).id(), null);
        h.readyToReroute(green1);
        h.readyToReroute(green2);
        finishAfterReroute(green1, null);
        finishAfterReroute(green2, null);
        String leaving = h.work(blue1).commandId();

        h.killAndRestart();
        h.connect(blue1, List.of(leaving));
        h.succeed(blue1);

        assertThat(h.stored(deployment.id()).status()).isEqualTo(DeploymentStatus.SUCCEEDED);
        assertThat(h.traffic.balancers.get(group.id()).blueGreen().serving()).isEqualTo("green");
        assertThat(h.commands.sentTo(blue1)).as("not sent again").hasSize(1);
    }

    @Test
    void anOriginalHostFailingItsBlockTrafficHooksSwitchesTheTrafficBack() {
        Deployment deployment = h.deploy(APP, "web", h.revision(APP).id(), null);
        h.readyToReroute(green1);
        h.readyToReroute(green2);
        finishAfterReroute(green1, null);
        finishAfterReroute(green2, null);

        h.failAt(blue1, "BeforeBlockTraffic", "SCRIPT_FAILED");
        h.result(blue1, HostStatus.FAILED, "SCRIPT_FAILED");

        Deployment ended = h.stored(deployment.id());
        assertThat(ended.status()).isEqualTo(DeploymentStatus.FAILED);
        assertThat(ended.error()).contains("original host blue-1 failed (SCRIPT_FAILED) after the reroute")
                .contains("switched back to the blue set");
        assertThat(h.traffic.steps).last().as("only the replacement set goes out again")
                .isEqualTo("switch back " + List.of(green1, green2).stream().sorted().toList());
        assertThat(h.traffic.balancers.get(group.id()).blueGreen().serving()).isEqualTo("blue");
    }
}
