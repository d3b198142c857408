package dev.hoist.controller.e2e;

import static dev.hoist.controller.e2e.HoistCluster.assertSucceeded;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 19 with the real programs: {@code hoist group status} tells which hosts run the group's revision,
 * and groups converge by themselves (automatic deployments to hosts that join or come back).
 */
class GroupConvergenceIT {
    private static final Duration SETTLE = Duration.ofSeconds(90);

    @TempDir
    Path work;

    private HoistCluster cluster;

    @AfterEach
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    /**
     * A controller that gives up on an away agent's host after 3 s, so a deployment can end without it, and
     * gathers hosts joining within 10 s of each other into one automatic deployment (enrolling an agent
     * here starts a JVM or two: a few seconds apart on a busy machine).
     */
    private void start(String... hosts) throws Exception {
        cluster = new HoistCluster(work).withConfig("orchestrator:\n  agentLostTimeout: 3s\n"
                + "  autoDeployBatchWindow: 10s\n").startController();
        cluster.addAgents(List.of(hosts), "role=web");
        assertSucceeded(cluster.cli("app", "create", "shop"));
    }

    @Test
    void groupStatusTellsCurrentBehindFailedAndUnknownHostsApart() throws Exception {
        start("web-1", "web-2", "web-3");
        assertSucceeded(cluster.cli("group", "create", "--app", "shop", "--name", "web", "--tag", "role=web",
                "--config", "AllAtOnce", "--auto-deploy", "off"));

        JsonNode before = status();
        assertThat(before.get("revisionId").isNull()).as(before.toString()).isTrue();
        assertThat(states(before)).containsOnlyKeys("web-1", "web-2", "web-3").containsValues("unknown");

        String v1 = FleetDeploymentIT.push(cluster, "shop", TestBundle.version("v1"));
        assertSucceeded(cluster.cli(FleetDeploymentIT.WAIT, "deploy", "--app", "shop", "--group", "web", "--wait",
                "--timeout", "2m"));
        JsonNode deployed = status();
        assertThat(deployed.get("revisionId").asText()).isEqualTo(v1);
        assertThat(states(deployed)).containsValues("current").doesNotContainValue("unknown");

        // web-3 is away during v2, whose ValidateService fails on the first of web-1 and web-2 to reach it.
        cluster.killAgent(cluster.agent("web-3"));
        String v2 = FleetDeploymentIT.push(cluster, "shop", TestBundle.version("v2").failValidateOnFirstHost());
        HoistProcesses.Result second = cluster.cli(FleetDeploymentIT.WAIT, "deploy", "--app", "shop", "--group", "web",
                "--wait", "--timeout", "2m");
        assertThat(second.exitCode()).as(second.all()).isZero();
        String d2 = FleetDeploymentIT.deploymentId(second);
        cluster.addAgents(List.of("web-4"), "role=web");

        JsonNode after = status();
        assertThat(after.get("revisionId").asText()).isEqualTo(v2);
        assertThat(after.get("deploymentId").asText()).isEqualTo(d2);
        Map<String, JsonNode> hosts = hosts(after);
        JsonNode failed = hosts.values().stream().filter(h -> h.get("state").asText().equals("failed")).findFirst()
                .orElseThrow(() -> new AssertionError("no failed host in " + after));
        assertThat(failed.get("deploymentId").asText()).isEqualTo(d2);
        assertThat(failed.get("failure").asText()).isEqualTo("SCRIPT_FAILED");
        assertThat(failed.get("revisionId").asText()).as("it still runs v1").isEqualTo(v1);
        assertThat(List.of(states(after).get("web-1"), states(after).get("web-2")))
                .as("one of the two hosts that took part failed, the other runs v2")
                .containsExactlyInAnyOrder("failed", "current");
        JsonNode away = hosts.get("web-3");
        assertThat(away.get("state").asText()).isEqualTo("behind");
        assertThat(away.get("revisionId").asText()).isEqualTo(v1);
        assertThat(away.get("failure").asText()).isEqualTo("AGENT_LOST");
        assertThat(away.get("missedDeploymentIds")).extracting(JsonNode::asText).containsExactly(d2);
        assertThat(hosts.get("web-4").get("state").asText()).as("it joined after: never deployed").isEqualTo("unknown");
        assertThat(after.get("counts").get("current").asInt()).isEqualTo(1);
        assertThat(after.get("counts").get("failed").asInt()).isEqualTo(1);
        assertThat(after.get("counts").get("behind").asInt()).isEqualTo(1);
        assertThat(after.get("counts").get("unknown").asInt()).isEqualTo(1);

        // With auto-deploy off, coming back changes nothing; the table says the same as the JSON.
        cluster.startAgent(cluster.agent("web-3"));
        await("web-3 connected").atMost(SETTLE).until(() -> cluster.connectedNames().contains("web-3"));
        HoistProcesses.Result table = cluster.cli("group", "status", "--app", "shop", "--name", "web");
        assertSucceeded(table);
        assertThat(table.stdout()).contains("Revision:    " + v2 + " (deployment " + d2 + ")")
                .contains("Auto-deploy: off").containsPattern("behind +missed " + d2 + " \\(AGENT_LOST\\)")
                .containsPattern("failed +" + d2 + ": SCRIPT_FAILED");
        assertThat(states(status()).get("web-3")).isEqualTo("behind");

        // A revoked agent, and one whose tags no longer match, leave the group.
        assertSucceeded(cluster.cli("agent", "revoke", cluster.agent("web-4").id));
        assertSucceeded(cluster.cli("agent", "tag", cluster.agent("web-1").id, "role=db"));
        assertThat(states(status())).containsOnlyKeys("web-2", "web-3");
    }

    @Test
    void aHostThatJoinsGetsTheRevisionByItselfAndOneThatComesBackOnlyUnderAll() throws Exception {
        start("web-1", "web-2");
        // AllAtOnce: a deployment succeeds when any host does, so one whose agent is away does not fail it.
        assertSucceeded(cluster.cli("group", "create", "--app", "shop", "--name", "web", "--tag", "role=web",
                "--config", "AllAtOnce"));
        assertThat(cluster.cliJson("group", "get", "--app", "shop", "web").get("autoDeploy").asText())
                .as("the default").isEqualTo("new-hosts");
        String v1 = FleetDeploymentIT.push(cluster, "shop", TestBundle.version("v1"));
        assertSucceeded(cluster.cli(FleetDeploymentIT.WAIT, "deploy", "--app", "shop", "--group", "web", "--wait",
                "--timeout", "2m"));

        cluster.addAgents(List.of("web-3"), "role=web");
        JsonNode auto = awaitAutomatic(1).get(0);
        assertThat(auto.get("status").asText()).isEqualTo("Succeeded");
        assertThat(auto.get("revisionId").asText()).isEqualTo(v1);
        assertThat(auto.get("description").asText()).contains(cluster.agent("web-3").id + ") joined the group");
        JsonNode autoHosts = cluster.deployment(auto.get("id").asText()).get("hosts");
        assertThat(autoHosts).hasSize(1);
        assertThat(autoHosts.get(0).get("agentId").asText()).isEqualTo(cluster.agent("web-3").id);
        assertThat(Files.readString(cluster.agent("web-3").hostDir.resolve("current")).trim()).isEqualTo("v1");
        assertThat(states(status())).containsValues("current").doesNotContainValue("unknown")
                .doesNotContainValue("behind");

        // web-2 is away during v2 (new-hosts): when it comes back it stays behind.
        cluster.killAgent(cluster.agent("web-2"));
        String v2 = FleetDeploymentIT.push(cluster, "shop", TestBundle.version("v2"));
        HoistProcesses.Result second = cluster.cli(FleetDeploymentIT.WAIT, "deploy", "--app", "shop", "--group", "web",
                "--wait", "--timeout", "2m");
        assertThat(second.exitCode()).as(second.all()).isZero();
        cluster.startAgent(cluster.agent("web-2"));
        await("web-2 connected").atMost(SETTLE).until(() -> cluster.connectedNames().contains("web-2"));
        // A host joining after web-2 came back marks the point by which web-2 would have been taken too.
        cluster.addAgents(List.of("web-4"), "role=web");
        List<JsonNode> autos = awaitAutomatic(2);
        JsonNode forWeb4 = cluster.deployment(autos.get(0).get("id").asText());
        assertThat(forWeb4.get("hosts")).extracting(host -> host.get("agentId").asText())
                .containsExactly(cluster.agent("web-4").id);
        assertThat(forWeb4.get("revisionId").asText()).isEqualTo(v2);
        JsonNode behind = hosts(status()).get("web-2");
        assertThat(behind.get("state").asText()).isEqualTo("behind");
        assertThat(behind.get("missedDeploymentIds")).extracting(JsonNode::asText)
                .containsExactly(FleetDeploymentIT.deploymentId(second));

        // Under all, coming back brings it up to date.
        assertSucceeded(cluster.cli("group", "update", "--app", "shop", "--name", "web", "--auto-deploy", "all"));
        cluster.killAgent(cluster.agent("web-2"));
        cluster.startAgent(cluster.agent("web-2"));
        JsonNode back = awaitAutomatic(3).get(0);
        assertThat(back.get("status").asText()).isEqualTo("Succeeded");
        assertThat(back.get("description").asText()).contains(cluster.agent("web-2").id + ") came back on " + v1);
        assertThat(Files.readString(cluster.agent("web-2").hostDir.resolve("current")).trim()).isEqualTo("v2");
        assertThat(states(status())).containsOnlyKeys("web-1", "web-2", "web-3", "web-4").containsValues("current")
                .doesNotContainValue("behind");
    }

    @Test
    void fiveHostsEnrolledTogetherGetOneDeploymentAndAFailedOneIsNotRetriedInALoop() throws Exception {
        start("web-1", "web-2");
        assertSucceeded(cluster.cli("group", "create", "--app", "shop", "--name", "web", "--tag", "role=web",
                "--config", "AllAtOnce", "--auto-deploy", "all"));
        FleetDeploymentIT.push(cluster, "shop", TestBundle.version("v1").failValidateOn("new-3"));
        assertSucceeded(cluster.cli(FleetDeploymentIT.WAIT, "deploy", "--app", "shop", "--group", "web", "--wait",
                "--timeout", "2m"));

        List<String> fresh = List.of("new-1", "new-2", "new-3", "new-4", "new-5");
        cluster.addAgents(fresh, "role=web");
        JsonNode auto = awaitAutomatic(1).get(0);
        JsonNode batch = cluster.deployment(auto.get("id").asText());
        assertThat(batch.get("hosts")).as(batch.toString()).hasSize(5);
        assertThat(batch.get("status").asText()).as("AllAtOnce: four of five succeeded").isEqualTo("Succeeded");
        Map<String, String> states = states(status());
        assertThat(states.get("new-3")).isEqualTo("failed");
        assertThat(states).containsEntry("new-1", "current").containsEntry("new-5", "current");

        // new-3 comes back; a host joining afterwards marks the point by which it would have been retried.
        cluster.killAgent(cluster.agent("new-3"));
        cluster.startAgent(cluster.agent("new-3"));
        await("new-3 connected").atMost(SETTLE).until(() -> cluster.connectedNames().contains("new-3"));
        cluster.addAgents(List.of("new-6"), "role=web");
        JsonNode next = cluster.deployment(awaitAutomatic(2).get(0).get("id").asText());
        assertThat(next.get("hosts")).extracting(host -> host.get("agentId").asText())
                .containsExactly(cluster.agent("new-6").id);
        assertThat(states(status()).get("new-3")).isEqualTo("failed");

        // By hand: converge takes the failed host, and only it.
        JsonNode converge = cluster.cliJson("group", "converge", "--app", "shop", "--name", "web");
        assertThat(converge.get("creator").asText()).isNotEqualTo("auto");
        await("the converge deployment ends").atMost(SETTLE).pollInterval(Duration.ofMillis(500)).until(() ->
                !List.of("Created", "Queued", "InProgress").contains(
                        cluster.deployment(converge.get("id").asText()).get("status").asText()));
        assertThat(cluster.deployment(converge.get("id").asText()).get("hosts"))
                .extracting(host -> host.get("agentId").asText()).containsExactly(cluster.agent("new-3").id);
    }

    /** Waits until {@code count} automatic deployments exist and have ended; newest first. */
    private List<JsonNode> awaitAutomatic(int count) {
        List<JsonNode> found = new java.util.ArrayList<>();
        await(count + " automatic deployment(s) ended").atMost(SETTLE).pollInterval(Duration.ofMillis(500)).until(() -> {
            found.clear();
            for (JsonNode deployment : cluster.cliJson("deployment", "list", "--app", "shop")) {
                if (deployment.get("creator").asText().equals("auto")) {
                    found.add(deployment);
                }
            }
            return found.size() >= count && found.stream().noneMatch(d -> List.of("Created", "Queued", "InProgress")
                    .contains(d.get("status").asText()));
        });
        assertThat(found).as("automatic deployments").hasSize(count);
        return found;
    }

    JsonNode status() {
        return cluster.cliJson("group", "status", "--app", "shop", "--name", "web");
    }

    /** Each host of the status by its agent's name tag. */
    Map<String, JsonNode> hosts(JsonNode status) {
        Map<String, JsonNode> byName = new HashMap<>();
        for (JsonNode host : status.get("hosts")) {
            byName.put(cluster.agentById(host.get("agentId").asText()).name, host);
        }
        return byName;
    }

    Map<String, String> states(JsonNode status) {
        Map<String, String> states = new HashMap<>();
        hosts(status).forEach((name, host) -> states.put(name, host.get("state").asText()));
        return states;
    }
}
