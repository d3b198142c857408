package dev.hoist.controller.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hoist.controller.core.Refusal;
import dev.hoist.controller.core.deploy.AutoDeploy;
import dev.hoist.controller.core.deploy.Deployment;
import dev.hoist.controller.core.deploy.DeploymentStatus;
import dev.hoist.controller.core.deploy.HostRun;
import dev.hoist.controller.core.deploy.HostStatus;
import dev.hoist.controller.core.deploy.Revision;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Automatic deployments with the test playing the agents: hosts that join a group get its revision in a
 * deployment made by {@code auto}, batched, queued behind the group's running deployment, never retried
 * in a loop; {@code converge} does the same by hand. Time moves by the clock; the tick is called.
 */
class OrchestratorAutoDeployTest {
    private static final String APP = "shop";
    private static final Map<String, String> WEB = Map.of("role", "web");

    private OrchestratorHarness h;
    private String a;
    private String b;
    private Revision rev1;

    @BeforeEach
    void setUp() {
        h = new OrchestratorHarness();
        h.application(APP);
        a = h.agent("a.example", WEB, true);
        b = h.agent("b.example", WEB, true);
        rev1 = h.revision(APP);
    }

    @AfterEach
    void tearDown() {
        h.close();
    }

    private void group(AutoDeploy autoDeploy) {
        h.group(APP, "web", "role=web", "OneAtATime", autoDeploy);
    }

    /** AllAtOnce: a deployment succeeds when any host does, so one whose agent is away does not fail it. */
    private void groupAllAtOnce(AutoDeploy autoDeploy) {
        h.group(APP, "web", "role=web", "AllAtOnce", autoDeploy);
    }

    /** Deploys {@code revision} by hand and lets every started host succeed. */
    private Deployment deployEverywhere(Revision revision, List<String> hosts) {
        Deployment deployment = h.deploy(APP, "web", revision.id(), null);
        finish(deployment, hosts);
        assertThat(h.stored(deployment.id()).status()).isEqualTo(DeploymentStatus.SUCCEEDED);
        return deployment;
    }

    private void finish(Deployment deployment, List<String> hosts) {
        for (int round = 0; round < hosts.size(); round++) {
            for (String agent : hosts) {
                if (h.host(deployment.id(), agent).status() == HostStatus.IN_PROGRESS) {
                    h.succeed(agent);
                }
            }
        }
    }

    /** A new agent with the group's tags enrolls and connects: the registry announces it. */
    private String join(String hostname) {
        String id = h.agent(hostname, WEB, true);
        h.announce(id);
        return id;
    }

    private List<Deployment> automatic() {
        return h.deployments().stream().filter(Deployment::isAutomatic).toList();
    }

    @Test
    void aHostThatJoinsGetsTheGroupsRevisionInAnAutomaticDeploymentOfItsOwn() {
        group(AutoDeploy.NEW_HOSTS);
        deployEverywhere(rev1, List.of(a, b));
        int sentBefore = h.commands.deliveries.size();

        String c = join("c.example");
        h.tick();
        assertThat(automatic()).as("not before the batch window has passed").isEmpty();
        h.clock.advance(OrchestratorHarness.BATCH_WINDOW);
        h.tick();

        assertThat(automatic()).hasSize(1);
        Deployment auto = automatic().get(0);
        assertThat(auto.creator()).isEqualTo("auto");
        assertThat(auto.revisionId()).isEqualTo(rev1.id());
        assertThat(auto.description()).contains("c.example (" + c + ") joined the group");
        assertThat(auto.targetAgentIds()).containsExactly(c);
        assertThat(h.store.hosts(auto.id())).extracting(HostRun::agentId).containsExactly(c);
        assertThat(h.commands.deliveries.subList(sentBefore, h.commands.deliveries.size()))
                .extracting(RecordingAgentCommands.Delivery::agentId).containsExactly(c);

        h.succeed(c);
        assertThat(h.stored(auto.id()).status()).isEqualTo(DeploymentStatus.SUCCEEDED);
        assertThat(h.store.groupHosts(auto.groupId()).get(c).revisionId()).isEqualTo(rev1.id());

        h.announce(c); // it reconnects later: it runs the revision, nothing more to do
        h.clock.advance(OrchestratorHarness.BATCH_LIMIT);
        h.tick();
        assertThat(automatic()).hasSize(1);
    }

    @Test
    void hostsJoiningWithinTheBatchWindowGoInOneDeployment() {
        group(AutoDeploy.NEW_HOSTS);
        deployEverywhere(rev1, List.of(a, b));

        List<String> joined = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            joined.add(join("new-" + i + ".example"));
            h.clock.advance(OrchestratorHarness.BATCH_WINDOW.minusSeconds(1));
            h.tick();
        }
        assertThat(automatic()).as("each host came within the window of the one before").isEmpty();
        h.clock.advance(Duration.ofSeconds(1));
        h.tick();

        assertThat(automatic()).hasSize(1);
        assertThat(automatic().get(0).targetAgentIds()).containsExactlyElementsOf(joined);
        assertThat(h.store.hosts(automatic().get(0).id())).hasSize(5);
    }

    @Test
    void aGroupWithAutoDeployOffOrWithoutASuccessfulDeploymentDeploysNothingByItself() {
        group(AutoDeploy.OFF);
        deployEverywhere(rev1, List.of(a, b));
        join("c.example");
        h.clock.advance(OrchestratorHarness.BATCH_LIMIT);
        h.tick();
        assertThat(automatic()).isEmpty();

        h.group(APP, "fresh", "role=web", "OneAtATime", AutoDeploy.ALL);
        join("d.example");
        h.clock.advance(OrchestratorHarness.BATCH_LIMIT);
        h.tick();
        assertThat(automatic()).as("the fresh group has no revision to give").isEmpty();
    }

    @Test
    void aHostJoiningDuringADeploymentWaitsForItAndGetsTheRevisionItLeaves() {
        group(AutoDeploy.NEW_HOSTS);
        deployEverywhere(rev1, List.of(a, b));
        Revision rev2 = h.revision(APP);
        Deployment running = h.deploy(APP, "web", rev2.id(), null);

        String c = join("c.example");
        h.clock.advance(OrchestratorHarness.BATCH_WINDOW);
        h.tick();

        Deployment auto = automatic().get(0);
        assertThat(auto.status()).isEqualTo(DeploymentStatus.QUEUED);
        assertThat(auto.error()).isEqualTo("waiting for deployment " + running.id() + " of this group");
        assertThat(h.commands.sentTo(c)).as("nothing sent to it yet").isEmpty();

        finish(running, List.of(a, b));
        assertThat(h.stored(running.id()).status()).isEqualTo(DeploymentStatus.SUCCEEDED);

        Deployment started = h.stored(auto.id());
        assertThat(started.status()).isEqualTo(DeploymentStatus.IN_PROGRESS);
        assertThat(started.revisionId()).as("the group's revision as it started").isEqualTo(rev2.id());
        assertThat(h.work(c).bundleSha256()).isEqualTo(rev2.sha256());
        h.succeed(c);
        assertThat(h.stored(auto.id()).status()).isEqualTo(DeploymentStatus.SUCCEEDED);
    }

    @Test
    void aHostAQueuedDeploymentOfTheWholeGroupCoversIsFoldedIntoIt() {
        group(AutoDeploy.NEW_HOSTS);
        deployEverywhere(rev1, List.of(a, b));
        Revision rev2 = h.revision(APP);
        Deployment running = h.deploy(APP, "web", rev2.id(), null);
        Deployment queued = h.deploy(APP, "web", rev2.id(), null);
        assertThat(queued.status()).isEqualTo(DeploymentStatus.QUEUED);

        String c = join("c.example");
        h.clock.advance(OrchestratorHarness.BATCH_LIMIT);
        h.tick();

        assertThat(automatic()).as("the queued deployment resolves the group's hosts as it starts").isEmpty();
        finish(running, List.of(a, b));
        finish(queued, List.of(a, b, c));
        assertThat(h.store.hosts(queued.id())).extracting(HostRun::agentId).contains(c);
        assertThat(h.stored(queued.id()).status()).isEqualTo(DeploymentStatus.SUCCEEDED);
    }

    @Test
    void aFailedAutomaticDeploymentIsNotRetriedUntilConvergedByHand() {
        group(AutoDeploy.ALL);
        deployEverywhere(rev1, List.of(a, b));
        String c = join("c.example");
        h.clock.advance(OrchestratorHarness.BATCH_WINDOW);
        h.tick();
        Deployment auto = automatic().get(0);
        h.failAt(c, "ValidateService", "SCRIPT_FAILED");
        assertThat(h.stored(auto.id()).status()).isEqualTo(DeploymentStatus.FAILED);
        assertThat(h.stored(auto.id()).rollbackDeploymentId()).as("no rollback of the rest").isNull();

        for (int i = 0; i < 3; i++) { // it reconnects, again and again
            h.disconnect(c);
            h.connect(c, List.of());
            h.announce(c);
            h.clock.advance(OrchestratorHarness.BATCH_LIMIT);
            h.tick();
        }
        assertThat(automatic()).hasSize(1);

        Deployment converge = h.converge(APP, "web");
        assertThat(converge.creator()).isEqualTo("bob");
        assertThat(converge.targetAgentIds()).containsExactly(c);
        h.succeed(c);
        assertThat(h.stored(converge.id()).status()).isEqualTo(DeploymentStatus.SUCCEEDED);
        assertThatThrownBy(() -> h.converge(APP, "web")).isInstanceOfSatisfying(Refusal.class,
                refusal -> assertThat(refusal.code()).isEqualTo("GROUP_CONVERGED"));
    }

    @Test
    void aHostThatMissedADeploymentIsBroughtUpToDateWhenItComesBackOnlyUnderAll() {
        for (AutoDeploy setting : List.of(AutoDeploy.NEW_HOSTS, AutoDeploy.ALL)) {
            h = new OrchestratorHarness();
            h.application(APP);
            a = h.agent("a.example", WEB, true);
            b = h.agent("b.example", WEB, true);
            rev1 = h.revision(APP);
            groupAllAtOnce(setting);
            deployEverywhere(rev1, List.of(a, b));
            Revision rev2 = h.revision(APP);

            h.disconnect(b);
            Deployment second = h.deploy(APP, "web", rev2.id(), null);
            h.succeed(a);
            h.clock.advance(OrchestratorHarness.AGENT_LOST);
            h.tick();
            assertThat(h.host(second.id(), b).failure()).isEqualTo("AGENT_LOST");
            assertThat(h.stored(second.id()).status()).isEqualTo(DeploymentStatus.SUCCEEDED);

            h.connect(b, List.of());
            h.announce(b);
            h.clock.advance(OrchestratorHarness.BATCH_WINDOW);
            h.tick();

            if (setting == AutoDeploy.NEW_HOSTS) {
                assertThat(automatic()).as("new-hosts leaves a returning host behind").isEmpty();
            } else {
                assertThat(automatic()).hasSize(1);
                assertThat(automatic().get(0).description()).contains("b.example (" + b + ") came back on " + rev1.id());
                assertThat(h.work(b).bundleSha256()).isEqualTo(rev2.sha256());
            }
        }
    }
}
