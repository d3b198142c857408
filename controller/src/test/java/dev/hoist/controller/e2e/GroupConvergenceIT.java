package dev.hoist.controller.e2e;

import static dev.hoist.controller.e2e.HoistCluster.assertSucceeded;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
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

    /** A controller that gives up on an away agent's host after 3 s, so a deployment can end without it. */
    private void start(String... hosts) throws Exception {
        cluster = new HoistCluster(work).withConfig("orchestrator:\n  agentLostTimeout: 3s\n").startController();
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
