package dev.hoist.controller.e2e;

import static dev.hoist.controller.e2e.HoistCluster.assertSucceeded;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Freeze windows through the real controller, agents and CLI: a deployment inside a window is refused with
 * DEPLOYMENT_FROZEN naming the window and its reason; a deployer cannot override; an admin's override goes
 * ahead and is in the audit log with its reason; the automatic rollback of that deployment, inside the same
 * window, goes ahead too. Deleting the window lets deployments start again.
 */
class FreezeWindowsIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    java.nio.file.Path work;

    private HoistCluster cluster;

    @BeforeEach
    void start() throws Exception {
        cluster = new HoistCluster(work).startController();
        cluster.addAgents(List.of("web-1", "web-2"), "role=web");
        assertSucceeded(cluster.cli("app", "create", "shop"));
    }

    @AfterEach
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void aFreezeRefusesAnAdminOverridesItAndTheRollbackGoesAheadInsideIt() throws Exception {
        FleetDeploymentIT.push(cluster, "shop", TestBundle.version("v1"));
        assertSucceeded(cluster.cli("group", "create", "--app", "shop", "--name", "web", "--tag", "role=web",
                "--config", "OneAtATime", "--auto-rollback"));
        assertSucceeded(cluster.cli(FleetDeploymentIT.WAIT, "deploy", "--app", "shop", "--group", "web", "--wait",
                "--timeout", "2m"));
        String v2 = FleetDeploymentIT.push(cluster, "shop", TestBundle.version("v2").failValidateOnFirstHost());
        Instant now = Instant.now();
        JsonNode window = cluster.cliJson("freeze", "create", "--app", "shop", "--group", "web", "--from",
                now.minus(Duration.ofHours(1)).toString(), "--to", now.plus(Duration.ofHours(2)).toString(),
                "--reason", "launch weekend");
        String windowId = window.get("id").asText();
        assertThat(window.get("activeNow").asBoolean()).isTrue();

        HoistProcesses.Result refused = cluster.cli("deploy", "--app", "shop", "--group", "web", "--revision", v2);

        assertThat(refused.exitCode()).as(refused.all()).isEqualTo(1);
        assertThat(refused.stderr()).contains("DEPLOYMENT_FROZEN").contains(windowId).contains("launch weekend")
                .contains("--override-freeze");
        assertThat(cluster.cliJson("deployment", "list", "--app", "shop")).hasSize(1);

        String deployer = cluster.cliJson("api-token", "create", "ci", "--role", "deployer").get("token").asText();
        HttpResponse<String> byDeployer = createDeployment(deployer, v2, "ci wants it");
        assertThat(byDeployer.statusCode()).as(byDeployer.body()).isEqualTo(403);
        assertThat(JSON.readTree(byDeployer.body()).get("code").asText()).isEqualTo("FREEZE_OVERRIDE_FORBIDDEN");

        HoistProcesses.Result overridden = cluster.cli(FleetDeploymentIT.WAIT, "deploy", "--app", "shop", "--group",
                "web", "--revision", v2, "--override-freeze", "hotfix for ticket 42", "--wait", "--timeout", "2m");

        assertThat(overridden.exitCode()).as("the override ran v2, which fails: " + overridden.all()).isEqualTo(5);
        JsonNode failed = cluster.deployment(FleetDeploymentIT.deploymentId(overridden));
        String rollbackId = failed.get("rollbackDeploymentId").asText();
        assertThat(overridden.stdout()).contains("Rollback " + rollbackId + " Succeeded");
        assertThat(cluster.deployment(rollbackId).get("status").asText()).isEqualTo("Succeeded");
        for (HoistCluster.Agent agent : List.of(cluster.agent("web-1"), cluster.agent("web-2"))) {
            assertThat(Files.readString(agent.hostDir.resolve("current")).trim()).as(agent.name).isEqualTo("v1");
        }
        JsonNode audit = JSON.readTree(api("/api/v1/audit-events"));
        assertThat(audit.findValues("action").stream().map(JsonNode::asText)).contains("deployment.freeze-override");
        boolean recorded = false;
        for (JsonNode event : audit) {
            if (event.get("action").asText().equals("deployment.freeze-override")) {
                assertThat(event.get("target").asText()).contains("shop/web").contains(windowId)
                        .contains("hotfix for ticket 42");
                assertThat(event.get("outcome").asText()).isEqualTo("OK");
                recorded = true;
            }
        }
        assertThat(recorded).isTrue();

        assertSucceeded(cluster.cli("freeze", "delete", windowId));
        HoistProcesses.Result after = cluster.cli(FleetDeploymentIT.WAIT, "deploy", "--app", "shop", "--group",
                "web", "--wait", "--timeout", "2m");
        assertThat(after.exitCode()).as(after.all()).isNotEqualTo(1);
        assertThat(after.stderr()).doesNotContain("DEPLOYMENT_FROZEN");
    }

    private HttpResponse<String> createDeployment(String token, String revision, String override) throws Exception {
        String body = JSON.writeValueAsString(java.util.Map.of("application", "shop", "group", "web", "revision",
                revision, "overrideFreeze", override));
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(cluster.apiUrl()
                        + "/api/v1/deployments")).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private String api(String path) throws Exception {
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(cluster.apiUrl() + path)).header("Authorization", "Bearer " + cluster.adminToken()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(path + ": " + answer.body()).isEqualTo(200);
        return answer.body();
    }
}
