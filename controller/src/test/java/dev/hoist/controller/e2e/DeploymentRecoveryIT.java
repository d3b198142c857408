package dev.hoist.controller.e2e;

import static dev.hoist.controller.e2e.FleetDeploymentIT.event;
import static dev.hoist.controller.e2e.FleetDeploymentIT.push;
import static dev.hoist.controller.e2e.HoistCluster.assertSucceeded;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Deployments when things go wrong, with the real programs: a failing health gate, an agent killed
 * mid-hook, the controller killed mid-deployment, a stop, and a second deployment queued behind the
 * first. Hooks that must be "in the middle" wait for a release file the test creates, so nothing here
 * depends on timing.
 */
class DeploymentRecoveryIT {
    private static final Duration DEADLINE = Duration.ofMinutes(2);

    @TempDir
    Path work;

    private HoistCluster cluster;

    @BeforeEach
    void startController() throws Exception {
        cluster = new HoistCluster(work).startController();
        assertSucceeded(cluster.cli("app", "create", "shop"));
    }

    @AfterEach
    void stopEverything() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void aFailingHealthGateFailsTheHostWithHealthCheckFailed() throws Exception {
        cluster.addAgents(List.of("web-1"), "role=web");
        push(cluster, "shop", TestBundle.version("v1"));
        int nothingListens = HoistProcesses.freePort();
        assertSucceeded(cluster.cli("group", "create", "--app", "shop", "--name", "web", "--tag", "role=web",
                "--health-http", "http://127.0.0.1:" + nothingListens + "/health", "--health-timeout", "1s"));

        HoistProcesses.Result run = cluster.cli(FleetDeploymentIT.WAIT, "deploy", "--app", "shop", "--group", "web",
                "--wait", "--timeout", "2m");

        assertThat(run.exitCode()).as(run.all()).isEqualTo(5);
        JsonNode deployment = cluster.deployment(FleetDeploymentIT.deploymentId(run));
        assertThat(deployment.get("status").asText()).isEqualTo("Failed");
        JsonNode host = deployment.get("hosts").get(0);
        assertThat(host.get("status").asText()).isEqualTo("Failed");
        // The gate runs after the ValidateService scripts succeeded, and is reported as part of that event.
        assertThat(Files.readString(cluster.agent("web-1").hostDir.resolve("trace"))).contains("ValidateService v1");
        JsonNode validate = event(host, "ValidateService");
        assertThat(validate.get("status").asText()).isEqualTo("Failed");
        assertThat(validate.get("failure").asText()).isEqualTo("HEALTH_CHECK_FAILED");
        assertThat(validate.get("message").asText()).contains("127.0.0.1:" + nothingListens);
        assertThat(run.stdout()).contains("HEALTH_CHECK_FAILED");
    }

    @Test
    void anAgentKilledMidHookReportsFailedAfterRestartAndTheDeploymentGoesOnByTheRules() throws Exception {
        cluster.addAgents(List.of("web-1", "web-2"), "role=web");
        push(cluster, "shop", TestBundle.version("v1").blockIn("ApplicationStart"));
        assertSucceeded(cluster.cli("group", "create", "--app", "shop", "--name", "web", "--tag", "role=web",
                "--config", "AllAtOnce"));
        String id = deploy();
        HoistCluster.Agent victim = cluster.agent("web-1");
        HoistCluster.Agent survivor = cluster.agent("web-2");
        awaitBlocked(victim, "v1", "ApplicationStart");
        awaitBlocked(survivor, "v1", "ApplicationStart");

        long hookGroup = Long.parseLong(Files.readString(
                TestBundle.blockedMarker(victim.hostDir, "v1", "ApplicationStart")).trim());
        cluster.killAgent(victim);
        assertThat(processGroupMembers(hookGroup)).as("the hook outlives the agent's SIGKILL (it leads its own "
                + "process group)").isNotEmpty();
        cluster.startAgent(victim);
        await("the restarted agent reported FAILED_AFTER_RESTART").atMost(DEADLINE).ignoreExceptions()
                .pollInterval(Duration.ofMillis(200))
                .until(() -> event(host(cluster.deployment(id), victim.id), "ApplicationStart")
                        .path("failure").asText().equals("FAILED_AFTER_RESTART"));
        // Checked before the release file exists: a hook still alive would be waiting for it.
        assertThat(processGroupMembers(hookGroup)).as("the restarted agent ended the hook's process group before "
                + "reporting").isEmpty();
        assertThat(event(host(cluster.deployment(id), victim.id), "ApplicationStart").path("message").asText())
                .contains("process group " + hookGroup);
        Files.createFile(TestBundle.releaseFile(cluster.shared(), "v1"));

        JsonNode deployment = awaitEnded(id);
        assertThat(deployment.get("status").asText()).as("AllAtOnce succeeds with one host of two")
                .isEqualTo("Succeeded");
        JsonNode lost = host(deployment, victim.id);
        assertThat(lost.get("status").asText()).isEqualTo("Failed");
        JsonNode start = event(lost, "ApplicationStart");
        assertThat(start.get("status").asText()).isEqualTo("Failed");
        assertThat(start.get("failure").asText()).isEqualTo("FAILED_AFTER_RESTART");
        assertThat(event(lost, "ValidateService").get("status").asText()).isEqualTo("Skipped");
        assertThat(host(deployment, survivor.id).get("status").asText()).isEqualTo("Succeeded");
    }

    @Test
    void aControllerKilledMidDeploymentResumesAndTheDeploymentFinishesWithEveryEventOnce() throws Exception {
        cluster.addAgents(List.of("web-1"), "role=web");
        push(cluster, "shop", TestBundle.version("v1").blockIn("ApplicationStart"));
        assertSucceeded(cluster.cli("group", "create", "--app", "shop", "--name", "web", "--tag", "role=web"));
        String id = deploy();
        HoistCluster.Agent agent = cluster.agent("web-1");
        awaitBlocked(agent, "v1", "ApplicationStart");

        cluster.killController();
        // The rest of the host's work happens while the controller is down: its reports must not be lost.
        Files.createFile(TestBundle.releaseFile(cluster.shared(), "v1"));
        await("the hooks finished on the host").atMost(DEADLINE).pollInterval(Duration.ofMillis(200))
                .until(() -> Files.readString(agent.hostDir.resolve("trace")).contains("ValidateService v1"));
        cluster.startController();

        JsonNode deployment = awaitEnded(id);
        assertThat(deployment.get("status").asText()).isEqualTo("Succeeded");
        JsonNode host = deployment.get("hosts").get(0);
        assertThat(host.get("status").asText()).isEqualTo("Succeeded");
        List<String> events = new ArrayList<>();
        host.get("events").forEach(event -> {
            events.add(event.get("event").asText());
            assertThat(event.get("status").asText()).as(event.toString()).isEqualTo("Succeeded");
        });
        assertThat(events).doesNotHaveDuplicates().contains("ApplicationStart", "ValidateService");
        assertThat(Files.readAllLines(agent.hostDir.resolve("trace")))
                .as("no hook ran twice").filteredOn(line -> line.startsWith("ApplicationStart")).hasSize(1);
    }

    @Test
    void stopSkipsTheHostsNotStartedAndCancelsTheRunningHook() throws Exception {
        cluster.addAgents(List.of("web-1", "web-2"), "role=web");
        push(cluster, "shop", TestBundle.version("v1").blockIn("ApplicationStart"));
        assertSucceeded(cluster.cli("group", "create", "--app", "shop", "--name", "web", "--tag", "role=web",
                "--config", "OneAtATime"));
        String id = deploy();
        HoistCluster.Agent first = await("one host is in its blocked ApplicationStart").atMost(DEADLINE)
                .pollInterval(Duration.ofMillis(200))
                .until(() -> blockedAgent("v1", "ApplicationStart"), agent -> agent != null);
        HoistCluster.Agent second = first == cluster.agent("web-1") ? cluster.agent("web-2") : cluster.agent("web-1");

        HoistProcesses.Result stop = cluster.cli("deployment", "stop", id, "--cancel-running-hooks");

        assertSucceeded(stop);
        JsonNode deployment = awaitEnded(id);
        assertThat(deployment.get("status").asText()).isEqualTo("Stopped");
        JsonNode running = host(deployment, first.id);
        assertThat(running.get("status").asText()).isEqualTo("Failed");
        assertThat(event(running, "ApplicationStart").get("failure").asText()).isEqualTo("CANCELLED");
        assertThat(host(deployment, second.id).get("status").asText()).isEqualTo("Skipped");
        assertThat(second.hostDir.resolve("trace")).as("the second host was never touched").doesNotExist();
    }

    @Test
    void aSecondDeploymentToTheGroupWaitsQueuedBehindTheFirstThenRuns() throws Exception {
        cluster.addAgents(List.of("web-1"), "role=web");
        push(cluster, "shop", TestBundle.version("v1").blockIn("ApplicationStart"));
        assertSucceeded(cluster.cli("group", "create", "--app", "shop", "--name", "web", "--tag", "role=web"));
        String first = deploy();
        awaitBlocked(cluster.agent("web-1"), "v1", "ApplicationStart");

        String second = deploy();

        JsonNode queued = cluster.deployment(second);
        assertThat(queued.get("status").asText()).isEqualTo("Queued");
        assertThat(queued.toString()).as("the reason names the deployment it waits for").contains(first);
        HoistProcesses.Result shown = cluster.cli("deployment", "get", second);
        assertThat(shown.stdout()).contains("Queued").contains(first);

        Files.createFile(TestBundle.releaseFile(cluster.shared(), "v1"));

        assertThat(awaitEnded(first).get("status").asText()).isEqualTo("Succeeded");
        assertThat(awaitEnded(second).get("status").asText()).isEqualTo("Succeeded");
        JsonNode both = cluster.cliJson("deployment", "list", "--app", "shop", "--group", "web");
        assertThat(both).hasSize(2);
        assertThat(Files.readAllLines(cluster.agent("web-1").hostDir.resolve("trace")))
                .filteredOn(line -> line.startsWith("ApplicationStart"))
                .containsExactly("ApplicationStart v1 " + first, "ApplicationStart v1 " + second);
    }

    /** Live processes (zombies aside) whose process group is {@code pgid}, from /proc. */
    static List<Long> processGroupMembers(long pgid) throws java.io.IOException {
        List<Long> members = new ArrayList<>();
        try (var entries = Files.newDirectoryStream(Path.of("/proc"), p -> p.getFileName().toString().matches("\\d+"))) {
            for (Path entry : entries) {
                String stat;
                try {
                    stat = Files.readString(entry.resolve("stat"));
                } catch (java.io.IOException gone) {
                    continue;
                }
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                if (Long.parseLong(fields[2]) == pgid && !fields[0].equals("Z")) {
                    members.add(Long.parseLong(entry.getFileName().toString()));
                }
            }
        }
        return members;
    }

    private String deploy() {
        HoistProcesses.Result run = cluster.cli("deploy", "--app", "shop", "--group", "web");
        assertSucceeded(run);
        return run.stdout().trim();
    }

    private void awaitBlocked(HoistCluster.Agent agent, String version, String event) {
        await(agent.name + " is in its blocked " + event).atMost(DEADLINE).pollInterval(Duration.ofMillis(200))
                .until(() -> Files.exists(TestBundle.blockedMarker(agent.hostDir, version, event)));
    }

    private HoistCluster.Agent blockedAgent(String version, String event) {
        for (String name : List.of("web-1", "web-2")) {
            HoistCluster.Agent agent = cluster.agent(name);
            if (Files.exists(TestBundle.blockedMarker(agent.hostDir, version, event))) {
                return agent;
            }
        }
        return null;
    }

    private JsonNode awaitEnded(String id) {
        return await("deployment " + id + " ends").atMost(DEADLINE).pollInterval(Duration.ofMillis(500))
                .until(() -> cluster.deployment(id), deployment -> List.of("Succeeded", "Failed", "Stopped")
                        .contains(deployment.get("status").asText()));
    }

    private static JsonNode host(JsonNode deployment, String agentId) {
        for (JsonNode host : deployment.get("hosts")) {
            if (host.get("agentId").asText().equals(agentId)) {
                return host;
            }
        }
        throw new AssertionError("no host " + agentId + " in " + deployment);
    }
}
