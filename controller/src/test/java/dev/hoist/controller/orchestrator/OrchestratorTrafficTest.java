package dev.hoist.controller.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hoist.controller.core.deploy.AutoRollback;
import dev.hoist.controller.core.deploy.Deployment;
import dev.hoist.controller.core.deploy.DeploymentGroup;
import dev.hoist.controller.core.deploy.DeploymentStatus;
import dev.hoist.controller.core.deploy.HostDeployment;
import dev.hoist.controller.core.deploy.HostEvent;
import dev.hoist.controller.core.deploy.HostEvents;
import dev.hoist.controller.core.deploy.HostStatus;
import dev.hoist.controller.core.deploy.Revision;
import dev.hoist.controller.core.traffic.LoadBalancer;
import dev.hoist.protocol.appspec.LifecycleEvent;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Deployments of a group behind a load balancer, on a real SQLite store: the long lifecycle, a traffic step
 * asked for only once the host's InProgress report is committed, and the traffic guard at creation.
 */
class OrchestratorTrafficTest {
    private static final String APP = "shop";
    private static final Map<String, String> WEB = Map.of("role", "web");
    private static final LoadBalancer BALANCER = new LoadBalancer(null, "role=lb", List.of("web"), "name",
            Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ofSeconds(300));

    private OrchestratorHarness h;
    private String a;
    private String b;
    private DeploymentGroup group;

    @BeforeEach
    void setUp() {
        h = new OrchestratorHarness();
        h.application(APP);
        a = h.agent("a.example", WEB, true);
        b = h.agent("b.example", WEB, true);
        group = h.group(APP, "web", "role=web", "OneAtATime", AutoRollback.DISABLED, List.of());
    }

    @AfterEach
    void tearDown() {
        h.close();
    }

    @Test
    void aGroupBehindABalancerRunsTheLongLifecycleAndAsksForEachStepOnce() {
        h.traffic.balancers.put(group.id(), BALANCER);
        Revision revision = h.revision(APP);

        Deployment deployment = h.deploy(APP, "web", revision.id(), null);

        String first = h.commands.sentTo(a).isEmpty() ? b : a;
        HostDeployment work = h.work(first);
        assertThat(work.events()).isEqualTo(LifecycleEvent.IN_PLACE_WITH_TRAFFIC.stream()
                .map(LifecycleEvent::wireName).toList());
        assertThat(work.trafficStepTimeout()).isEqualTo(BALANCER.stepTimeout());
        assertThat(h.host(deployment.id(), first).deadline())
                .as("the budget holds both balancer steps at their longest")
                .isAfterOrEqualTo(OrchestratorHarness.T0.plus(BALANCER.stepTimeout().multipliedBy(2)));

        h.ack(first);
        h.event(first, "BeforeBlockTraffic", HostStatus.IN_PROGRESS, null);
        h.event(first, "BeforeBlockTraffic", HostStatus.SUCCEEDED, null);
        assertThat(h.traffic.steps).isEmpty();
        h.event(first, "BlockTraffic", HostStatus.IN_PROGRESS, null);
        assertThat(h.traffic.steps).containsExactly("BlockTraffic " + hostname(first) + " " + work.commandId());
        h.event(first, "BlockTraffic", HostStatus.SUCCEEDED, null);
        h.event(first, "BlockTraffic", HostStatus.IN_PROGRESS, null);
        assertThat(h.traffic.steps).as("a report redelivered after the event ended asks for nothing").hasSize(1);

        for (String event : work.events().subList(2, work.events().size())) {
            h.event(first, event, HostStatus.IN_PROGRESS, null);
            h.event(first, event, HostStatus.SUCCEEDED, null);
        }
        assertThat(h.traffic.steps).containsExactly("BlockTraffic " + hostname(first) + " " + work.commandId(),
                "AllowTraffic " + hostname(first) + " " + work.commandId());
        List<String> shown = h.events(deployment.id(), first).stream().map(HostEvent::event).toList();
        assertThat(shown).isEqualTo(work.events());
    }

    @Test
    void aPlanThatMayTakeEveryHostOutAtOnceIsRefusedWithTheArithmetic() {
        h.traffic.balancers.put(group.id(), BALANCER);
        h.catalog.groups.insert(new DeploymentGroup("dg-all", APP, "all", group.tagSet(), null, "AllAtOnce",
                AutoRollback.DISABLED, null, List.of(), Duration.ofMinutes(10), OrchestratorHarness.T0));
        h.traffic.balancers.put("dg-all", BALANCER);

        Deployment deployment = h.deploy(APP, "all", h.revision(APP).id(), null);

        assertThat(deployment.status()).isEqualTo(DeploymentStatus.FAILED);
        assertThat(deployment.error()).contains("traffic guard").contains("[web]").contains("AllAtOnce")
                .contains("= 0 of 2").contains("2 of 2 hosts out of service at once");
        assertThat(h.commands.sentTo(a)).isEmpty();
        assertThat(h.commands.sentTo(b)).isEmpty();
    }

    @Test
    void withoutABalancerTheLifecycleHasNoTrafficSteps() {
        Revision revision = h.revision(APP);
        h.deploy(APP, "web", revision.id(), null);
        String first = h.commands.sentTo(a).isEmpty() ? b : a;

        assertThat(h.work(first).events()).isEqualTo(HostEvents.IN_PLACE);
        assertThat(h.work(first).trafficStepTimeout()).isZero();
        h.succeed(first);
        assertThat(h.traffic.steps).isEmpty();
    }

    private String hostname(String agentId) {
        return agentId.equals(a) ? "a.example" : "b.example";
    }
}
