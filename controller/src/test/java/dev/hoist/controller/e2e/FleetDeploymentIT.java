package dev.hoist.controller.e2e;

import static dev.hoist.controller.e2e.HoistCluster.assertSucceeded;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 4's "done when", with the real programs: a controller and three agents tagged alike; a
 * revision deployed OneAtATime with {@code hoist deploy --wait} succeeds on every host with its events
 * and its hooks' output in {@code hoist deployment logs}; a revision whose ValidateService fails on the
 * first host fails the deployment with the later hosts untouched, and the automatic rollback brings the
 * previous revision back on every host. A redeploy of the same revision sends no bundle bytes: the
 * agents have it in their cache.
 */
class FleetDeploymentIT {
    static final Duration WAIT = Duration.ofMinutes(3);
    private static final List<String> HOSTS = List.of("web-1", "web-2", "web-3");

    @TempDir
    Path work;

    private HoistCluster cluster;

    @BeforeEach
    void startFleet() throws Exception {
        cluster = new HoistCluster(work).startController();
        cluster.addAgents(HOSTS, "role=web");
        assertSucceeded(cluster.cli("app", "create", "shop"));
    }

    @AfterEach
    void stopFleet() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void aRollingDeploymentSucceedsOnEveryHostOneAtATimeWithEventsAndLogs() throws Exception {
        String v1 = push(cluster, "shop", TestBundle.version("v1"));
        assertSucceeded(cluster.cli("group", "create", "--app", "shop", "--name", "web", "--tag", "role=web",
                "--config", "OneAtATime"));

        HoistProcesses.Result run = cluster.cli(WAIT, "deploy", "--app", "shop", "--group", "web", "--wait",
                "--timeout", "2m");

        assertThat(run.exitCode()).as(run.all()).isZero();
        String id = deploymentId(run);
        assertThat(run.stdout()).contains("Deployment " + id + " Succeeded (3 succeeded, 0 failed, 0 skipped of 3 hosts");
        JsonNode deployment = cluster.deployment(id);
        assertThat(deployment.get("status").asText()).isEqualTo("Succeeded");
        assertThat(deployment.get("revisionId").asText()).isEqualTo(v1);
        assertThat(deployment.get("hosts")).hasSize(3);
        for (JsonNode host : deployment.get("hosts")) {
            assertThat(host.get("status").asText()).as(host.toString()).isEqualTo("Succeeded");
            List<String> events = new ArrayList<>();
            host.get("events").forEach(event -> {
                events.add(event.get("event").asText());
                assertThat(event.get("status").asText()).as(event.toString()).isEqualTo("Succeeded");
            });
            assertThat(events).containsSubsequence("ApplicationStop", "DownloadBundle", "BeforeInstall", "Install",
                    "AfterInstall", "ApplicationStart", "ValidateService");
            HoistCluster.Agent agent = cluster.agentById(host.get("agentId").asText());
            assertThat(Files.readString(agent.hostDir.resolve("current")).trim()).isEqualTo("v1");
        }
        assertOneAtATime(deployment);

        HoistProcesses.Result logs = cluster.cli("deployment", "logs", id);
        assertSucceeded(logs);
        for (String host : HOSTS) {
            assertThat(logs.stdout()).containsPattern("\\[\\S+ ApplicationStart\\] ApplicationStart of v1 on " + host
                    + " \\(deployment " + id + "\\)");
        }
        HoistProcesses.Result oneHost = cluster.cli("deployment", "logs", id, "--agent", cluster.agent("web-2").id);
        assertThat(oneHost.stdout()).contains("ValidateService of v1 on web-2").doesNotContain("on web-1");

        long servedOnce = bundleBytesServed();
        assertThat(servedOnce).as("the first deployment sent the bundle to the agents").isPositive();
        HoistProcesses.Result redeploy = cluster.cli(WAIT, "deploy", "--app", "shop", "--group", "web",
                "--revision", v1, "--wait", "--timeout", "2m");
        assertThat(redeploy.exitCode()).as(redeploy.all()).isZero();
        assertThat(bundleBytesServed()).as("a redeploy of the same revision downloads nothing").isEqualTo(servedOnce);
        HoistProcesses.Result redeployLogs = cluster.cli("deployment", "logs", deploymentId(redeploy));
        assertThat(redeployLogs.stdout().lines().filter(line -> line.contains("DownloadBundle agent]")
                && line.contains("is in the cache")).count()).as(redeployLogs.stdout()).isEqualTo(3);
        for (String host : HOSTS) {
            assertThat(cluster.agentLogs(cluster.agent(host))).contains("nothing to download");
        }
    }

    /** The controller's count of bundle bytes sent to agents (the admin port's /metrics). */
    private long bundleBytesServed() throws Exception {
        JsonNode metrics = new com.fasterxml.jackson.databind.ObjectMapper().readTree(cluster.admin("/metrics"));
        return metrics.path("meters").path("hoist.gateway.bundles.bytes-served").path("count").asLong(-1);
    }

    @Test
    void aFailingValidateServiceFailsTheDeploymentAndTheRollbackRestoresThePreviousRevision() throws Exception {
        String v1 = push(cluster, "shop", TestBundle.version("v1"));
        assertSucceeded(cluster.cli("group", "create", "--app", "shop", "--name", "web", "--tag", "role=web",
                "--config", "OneAtATime", "--auto-rollback"));
        assertSucceeded(cluster.cli(WAIT, "deploy", "--app", "shop", "--group", "web", "--wait", "--timeout", "2m"));
        String v2 = push(cluster, "shop", TestBundle.version("v2").failValidateOnFirstHost());

        HoistProcesses.Result run = cluster.cli(WAIT, "deploy", "--app", "shop", "--group", "web", "--wait",
                "--timeout", "2m");

        assertThat(run.exitCode()).as(run.all()).isEqualTo(5);
        String id = deploymentId(run);
        JsonNode failed = cluster.deployment(id);
        assertThat(failed.get("status").asText()).isEqualTo("Failed");
        assertThat(failed.get("revisionId").asText()).isEqualTo(v2);
        String rollbackId = failed.get("rollbackDeploymentId").asText();
        assertThat(run.stdout()).contains("ValidateService  Failed  SCRIPT_FAILED (exit 1)")
                .contains("Automatic rollback: deployment " + rollbackId)
                .contains("Rollback " + rollbackId + " Succeeded");

        List<JsonNode> failedHosts = new ArrayList<>();
        List<HoistCluster.Agent> untouched = new ArrayList<>();
        for (JsonNode host : failed.get("hosts")) {
            if (host.get("status").asText().equals("Failed")) {
                failedHosts.add(host);
            } else {
                assertThat(host.get("status").asText()).as(host.toString()).isEqualTo("Skipped");
                untouched.add(cluster.agentById(host.get("agentId").asText()));
            }
        }
        assertThat(failedHosts).hasSize(1);
        JsonNode validate = event(failedHosts.get(0), "ValidateService");
        assertThat(validate.get("status").asText()).isEqualTo("Failed");
        assertThat(validate.get("failure").asText()).isEqualTo("SCRIPT_FAILED");
        assertThat(validate.get("exitCode").asInt()).isEqualTo(1);
        assertThat(untouched).hasSize(2);
        for (HoistCluster.Agent agent : untouched) {
            assertThat(Files.readString(agent.hostDir.resolve("trace"))).as("hosts after the failure never ran v2")
                    .doesNotContain(" v2 ");
        }

        JsonNode rollback = cluster.deployment(rollbackId);
        assertThat(rollback.get("status").asText()).isEqualTo("Succeeded");
        assertThat(rollback.get("creator").asText()).isEqualTo("rollback");
        assertThat(rollback.get("rollbackOf").asText()).isEqualTo(id);
        assertThat(rollback.get("revisionId").asText()).isEqualTo(v1);
        for (String host : HOSTS) {
            Path hostDir = cluster.agent(host).hostDir;
            assertThat(Files.readString(hostDir.resolve("current")).trim()).as(host + " runs v1 again").isEqualTo("v1");
            assertThat(Files.readString(hostDir.resolve("trace")))
                    .as(host + " ran the rollback's v1 hooks").contains("ValidateService v1 " + rollbackId);
        }
    }

    /** Under OneAtATime no two hosts run at once: each host's first event starts after the previous host's last ended. */
    private static void assertOneAtATime(JsonNode deployment) {
        List<Instant[]> spans = new ArrayList<>();
        for (JsonNode host : deployment.get("hosts")) {
            JsonNode events = host.get("events");
            Instant start = null;
            Instant end = null;
            for (JsonNode event : events) {
                if (event.hasNonNull("startedAt")) {
                    Instant at = Instant.parse(event.get("startedAt").asText());
                    start = start == null || at.isBefore(start) ? at : start;
                }
                if (event.hasNonNull("endedAt")) {
                    Instant at = Instant.parse(event.get("endedAt").asText());
                    end = end == null || at.isAfter(end) ? at : end;
                }
            }
            spans.add(new Instant[] {start, end});
        }
        spans.sort(Comparator.comparing(span -> span[0]));
        for (int i = 1; i < spans.size(); i++) {
            assertThat(spans.get(i)[0]).as("host %d starts after host %d ended", i + 1, i)
                    .isAfterOrEqualTo(spans.get(i - 1)[1]);
        }
    }

    static JsonNode event(JsonNode host, String name) {
        for (JsonNode event : host.get("events")) {
            if (event.get("event").asText().equals(name)) {
                return event;
            }
        }
        throw new AssertionError("no event " + name + " in " + host);
    }

    /** Pushes the bundle as a new revision of {@code app}; returns its id. */
    static String push(HoistCluster cluster, String app, TestBundle bundle) throws Exception {
        Path dir = Files.createTempDirectory(cluster.work(), "bundle");
        bundle.writeTo(dir);
        return cluster.cliJson("push", "--app", app, "--source", dir.toString()).get("revisionId").asText();
    }

    /** The id from the first line {@code hoist deploy --wait} prints: {@code Deployment ID: app/group, ...}. */
    static String deploymentId(HoistProcesses.Result run) {
        String first = run.stdout().lines().findFirst().orElseThrow(() -> new AssertionError(run.all()));
        assertThat(first).as(run.all()).startsWith("Deployment ");
        return first.substring("Deployment ".length(), first.indexOf(':'));
    }
}
