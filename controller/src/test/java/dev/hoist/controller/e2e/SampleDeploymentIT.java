package dev.hoist.controller.e2e;

import static dev.hoist.controller.e2e.HoistCluster.assertSucceeded;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hello-web sample as the quickstart and samples/README.md use it: prepared with samples/prepare,
 * pushed, deployed to one agent, serving its page; then its failing variant, whose rollback brings the
 * first revision's server back.
 */
class SampleDeploymentIT {
    @TempDir
    Path work;

    private HoistCluster cluster;
    private Path sandbox;
    private int port;

    @BeforeEach
    void start() throws Exception {
        cluster = new HoistCluster(work).startController();
        cluster.addAgents(List.of("web-1"), "role=web");
        sandbox = work.resolve("sandbox");
        port = HoistProcesses.freePort();
    }

    @AfterEach
    void stop() throws Exception {
        // hello-web runs detached from the agent (its ApplicationStart started it): stop it by its pid file.
        Path pidFile = sandbox.resolve("hello-web/run/hello-web.pid");
        if (Files.exists(pidFile)) {
            ProcessHandle.of(Long.parseLong(Files.readString(pidFile).trim())).ifPresent(ProcessHandle::destroy);
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void theSampleServesItsPageAndItsFailingVariantIsRolledBack() throws Exception {
        assertSucceeded(cluster.cli("app", "create", "hello-web"));
        String good = push(prepare("good"));
        assertSucceeded(cluster.cli("group", "create", "--app", "hello-web", "--name", "web", "--tag", "role=web",
                "--auto-rollback"));

        HoistProcesses.Result first = cluster.cli(FleetDeploymentIT.WAIT, "deploy", "--app", "hello-web",
                "--group", "web", "--wait", "--timeout", "2m");

        assertThat(first.exitCode()).as(first.all()).isZero();
        assertThat(page()).contains("Hello from Hoist").contains(good);
        String firstPid = Files.readString(sandbox.resolve("hello-web/run/hello-web.pid")).trim();

        push(prepare("bad", "--fail-validate"));
        HoistProcesses.Result bad = cluster.cli(FleetDeploymentIT.WAIT, "deploy", "--app", "hello-web",
                "--group", "web", "--wait", "--timeout", "2m");

        assertThat(bad.exitCode()).as(bad.all()).isEqualTo(5);
        assertThat(bad.stdout()).contains("failing ValidateService on purpose").contains("Automatic rollback")
                .containsPattern("Rollback \\S+ Succeeded");
        JsonNode failed = cluster.deployment(FleetDeploymentIT.deploymentId(bad));
        JsonNode rollback = cluster.deployment(failed.get("rollbackDeploymentId").asText());
        assertThat(rollback.get("revisionId").asText()).isEqualTo(good);
        assertThat(page()).as("the first revision serves again").contains(good);
        assertThat(Files.readString(sandbox.resolve("hello-web/run/hello-web.pid")).trim())
                .as("ApplicationStop stopped the old server and ApplicationStart started a new one")
                .isNotEqualTo(firstPid);
        HoistProcesses.Result logs = cluster.cli("deployment", "logs", rollback.get("id").asText());
        assertThat(logs.stdout()).contains("ApplicationStart] started hello-web").contains("hello-web answers on");
    }

    private Path prepare(String name, String... flags) throws Exception {
        Path out = work.resolve(name);
        List<String> command = new java.util.ArrayList<>(List.of(
                HoistProcesses.projectRoot().resolve("samples/prepare").toString(),
                HoistProcesses.projectRoot().resolve("samples/hello-web").toString(), out.toString(),
                "--sandbox", sandbox.toString(), "--port", String.valueOf(port)));
        command.addAll(List.of(flags));
        Process prepare = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(work.resolve("prepare-" + name + ".log").toFile()).start();
        assertThat(prepare.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(prepare.exitValue()).as(Files.readString(work.resolve("prepare-" + name + ".log"))).isZero();
        return out;
    }

    private String push(Path source) {
        return cluster.cliJson("push", "--app", "hello-web", "--source", source.toString()).get("revisionId").asText();
    }

    private String page() throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/")).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }
}
