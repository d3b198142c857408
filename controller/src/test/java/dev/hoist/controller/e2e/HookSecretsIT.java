package dev.hoist.controller.e2e;

import static dev.hoist.controller.e2e.HoistCluster.assertSucceeded;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A group secret from {@code hoist secret set} to a hook, through the real controller, agent and CLI
 * processes: the hook sees the value in its environment, and nothing else does. The streamed and stored
 * logs, the events, scripts.log on the host, every API answer, the audit log, the processes' own logs
 * and the database hold only the mask; a rotated value reaches the next deployment of the same revision.
 */
class HookSecretsIT {
    private static final String FIRST = "s3cr3t-Value-" + Long.toHexString(System.nanoTime());
    private static final String SECOND = "r0tated-Value-" + Long.toHexString(System.nanoTime());

    @TempDir
    Path work;

    private HoistCluster cluster;

    @BeforeEach
    void start() throws Exception {
        cluster = new HoistCluster(work).startController();
        cluster.addAgents(List.of("web-1"), "role=web");
    }

    @AfterEach
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void aSecretReachesTheHookOnlyAndARotatedOneTheNextDeployment() throws Exception {
        assertSucceeded(cluster.cli("app", "create", "shop"));
        String revision = push();
        assertSucceeded(cluster.cli("group", "create", "--app", "shop", "--name", "web", "--tag", "role=web"));
        Path valueFile = work.resolve("db-password");
        Files.writeString(valueFile, FIRST + "\n");
        HoistProcesses.Result set = cluster.cli("secret", "set", "--app", "shop", "--group", "web", "DB_PASSWORD",
                "--from-file", valueFile.toString());
        assertSucceeded(set);
        Path keyFile = work.resolve("tls-key");
        Files.writeString(keyFile, "first-line-of-secret-" + FIRST + "\nline-two-of-secret\n");
        assertSucceeded(cluster.cli("secret", "set", "--app", "shop", "--group", "web", "TLS_KEY", "--from-file",
                keyFile.toString()));

        HoistProcesses.Result first = cluster.cli(FleetDeploymentIT.WAIT, "deploy", "--app", "shop", "--group", "web",
                "--revision", revision, "--wait", "--timeout", "2m");

        assertThat(first.exitCode()).as(first.all()).isZero();
        HoistCluster.Agent agent = cluster.agent("web-1");
        assertThat(Files.readString(agent.hostDir.resolve("seen")).trim()).as("the hook's environment")
                .isEqualTo(FIRST);
        String id = FleetDeploymentIT.deploymentId(first);
        HoistProcesses.Result logs = cluster.cli("deployment", "logs", id);
        assertSucceeded(logs);
        assertThat(logs.stdout()).contains("password on stdout is ***").contains("password on stderr is ***")
                .contains("key: ***");
        JsonNode deployment = cluster.deployment(id);
        assertThat(deployment.get("status").asText()).isEqualTo("Succeeded");
        List<Path> scriptLogs = scriptLogs(agent.state);
        assertThat(scriptLogs).as("scripts.log under " + agent.state).isNotEmpty();
        assertThat(Files.readString(scriptLogs.get(0))).contains("password on stdout is ***");

        Files.writeString(valueFile, SECOND);
        assertSucceeded(cluster.cli("secret", "set", "--app", "shop", "--group", "web", "DB_PASSWORD",
                "--from-file", valueFile.toString()));
        HoistProcesses.Result second = cluster.cli(FleetDeploymentIT.WAIT, "deploy", "--app", "shop", "--group",
                "web", "--revision", revision, "--wait", "--timeout", "2m");
        assertThat(second.exitCode()).as(second.all()).isZero();
        assertThat(Files.readString(agent.hostDir.resolve("seen")).trim()).as("the rotated value, same revision")
                .isEqualTo(SECOND);

        JsonNode listed = cluster.cliJson("secret", "list", "--app", "shop", "--group", "web");
        assertThat(listed).hasSize(2);
        assertThat(listed.get(0).get("name").asText()).isEqualTo("DB_PASSWORD");
        assertThat(listed.get(1).get("name").asText()).isEqualTo("TLS_KEY");
        HoistProcesses.Result table = cluster.cli("secret", "list", "--app", "shop", "--group", "web");

        List<String> everythingShown = new ArrayList<>(List.of(set.all(), first.all(), logs.all(), second.all(),
                table.all(), listed.toString(), deployment.toString(),
                cluster.cli("deployment", "logs", FleetDeploymentIT.deploymentId(second)).all(),
                cluster.deployment(FleetDeploymentIT.deploymentId(second)).toString(),
                api("/api/v1/audit-events"), api("/api/v1/deployments/" + id + "/logs"),
                api("/api/v1/deployments/" + id + "/hosts/" + agent.id + "/events"),
                api("/api/v1/applications/shop/deployment-groups/web/secrets"),
                api("/api/v1/applications/shop/deployment-groups/web"),
                cluster.log(cluster.controllerLog()), cluster.agentLogs(agent)));
        assertThat(api("/api/v1/audit-events")).contains("secret.set").contains("shop/web/DB_PASSWORD");
        for (String shown : everythingShown) {
            assertThat(shown).doesNotContain(FIRST).doesNotContain(SECOND).doesNotContain("line-two-of-secret")
                    .doesNotContain("first-line-of-secret");
        }
        assertNotOnDisk(cluster.dataDir(), "the controller's data directory (database, WAL, key)");
        assertNotOnDisk(agent.state, "the agent's state and deployments (bundle, scripts.log, journal)");
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + cluster.dataDir().resolve("hoist.db"));
                ResultSet rows = db.createStatement().executeQuery("SELECT name, sealed FROM group_secrets")) {
            List<String> names = new ArrayList<>();
            while (rows.next()) {
                names.add(rows.getString("name"));
                assertThat(rows.getString("sealed")).startsWith("v1:").doesNotContain(SECOND).doesNotContain(FIRST)
                        .doesNotContain("line-two-of-secret");
            }
            assertThat(names).containsExactlyInAnyOrder("DB_PASSWORD", "TLS_KEY");
        }
    }

    private String push() throws Exception {
        Path dir = Files.createTempDirectory(work, "bundle");
        Files.createDirectories(dir.resolve("hooks"));
        Files.writeString(dir.resolve("appspec.yml"), """
                version: 0.0
                os: linux
                hooks:
                  AfterInstall:
                    - location: hooks/after-install.sh
                      timeout: 60
                """);
        Path hook = dir.resolve("hooks/after-install.sh");
        Files.writeString(hook, """
                #!/bin/bash
                set -eu
                printf '%s\\n' "$DB_PASSWORD" > "$E2E_HOST_DIR/seen"
                echo "password on stdout is $DB_PASSWORD"
                echo "password on stderr is $DB_PASSWORD" >&2
                echo "key: $TLS_KEY"
                """);
        Files.setPosixFilePermissions(hook, PosixFilePermissions.fromString("rwxr-xr-x"));
        return cluster.cliJson("push", "--app", "shop", "--source", dir.toString()).get("revisionId").asText();
    }

    private String api(String path) throws IOException, InterruptedException {
        String token = Files.readString(cluster.dataDir().resolve("admin.token")).trim();
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(cluster.apiUrl() + path)).header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(path + ": " + answer.body()).isEqualTo(200);
        return answer.body();
    }

    private static List<Path> scriptLogs(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(file -> file.getFileName().toString().startsWith("scripts.log")).toList();
        }
    }

    /** No file under {@code root} holds either value, in UTF-8, anywhere in its bytes. */
    private static void assertNotOnDisk(Path root, String what) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(root)) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        assertThat(files).as(what).isNotEmpty();
        for (Path file : files) {
            String bytes = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
            assertThat(bytes).as(what + ": " + file).doesNotContain(FIRST).doesNotContain(SECOND);
        }
    }
}
