package dev.hoist.controller.e2e;

import static dev.hoist.controller.e2e.HoistCluster.assertSucceeded;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hoist.controller.core.Secrets;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several real controller processes on one PostgreSQL schema (docs/operations.md, "Several controllers"):
 * they share one CA and one admin token, a join token made on one enrolls an agent through another, and a
 * revocation made on one is enforced by the one holding the agent's connection. A controller that would
 * keep its CA or its artifacts to itself refuses to start beside them, and says why.
 */
class SeveralControllersIT {
    private static final String POSTGRES = "jdbc:postgresql://127.0.0.1:5432/test";
    private static final Duration DEADLINE = Duration.ofSeconds(60);

    @TempDir
    Path work;

    private String schema;
    private String shared;
    private HoistCluster first;
    private HoistCluster second;

    @BeforeEach
    void sharedSettings() throws IOException {
        schema = Secrets.newId("hoist_several_").toLowerCase(Locale.ROOT);
        Jdbi.create(POSTGRES, "postgres", "").useHandle(h -> h.execute("CREATE SCHEMA " + schema));
        shared = "pki:\n  keyEncryptionKeyFile: " + keyFile("kek") + "\n"
                + "secrets:\n  keyFile: " + keyFile("secrets.key") + "\n";
    }

    @AfterEach
    void stopEverything() {
        for (HoistCluster cluster : new HoistCluster[] {second, first}) {
            if (cluster != null) {
                cluster.close();
            }
        }
        Jdbi.create(POSTGRES, "postgres", "").useHandle(h -> h.execute("DROP SCHEMA " + schema + " CASCADE"));
    }

    @Test
    void twoControllersShareCaAdminTokenJoinTokensAndRevocations() throws Exception {
        first = controller("a").startController();
        mountArtifactsOf(first, "b");
        second = controller("b").withAdminToken(first.adminToken()).startController();
        assertThat(second.dataDir().resolve("admin.token")).as("the second creates no admin token").doesNotExist();

        JsonNode tokenOfFirst = first.cliJson("token", "create", "--uses", "1", "--ttl", "10m",
                "--allow-tag-key", "name");
        JsonNode tokenOfSecond = second.cliJson("token", "create", "--uses", "1", "--ttl", "10m",
                "--allow-tag-key", "name");
        assertThat(tokenOfSecond.get("caPin").asText()).as("one CA").isEqualTo(tokenOfFirst.get("caPin").asText());

        // A join token made on the first enrolls an agent through the second, which then holds its connection.
        HoistCluster.Agent agent = second.enrollWith(tokenOfFirst, "web-1");
        await("web-1 connected, seen through the first").atMost(DEADLINE).pollInterval(Duration.ofMillis(200))
                .until(() -> first.connectedNames().contains("web-1"));
        String agentId = first.cliJson("agent", "list").get(0).get("id").asText();

        // Revoked through the first: the second tells the agent on its connection, and the agent stops.
        assertSucceeded(first.cli("agent", "revoke", agentId));
        await("the second turns web-1 away").atMost(DEADLINE).pollInterval(Duration.ofMillis(100))
                .until(() -> !agent.process.isAlive());
        assertThat(agent.process.exitValue()).as(second.agentLogs(agent)).isEqualTo(11);
        assertThat(second.log(second.controllerLog())).contains("Applied 1 revocations made on other controllers");

        // Started again, the revoked agent is refused at the second's handshake too.
        second.startAgent(agent);
        await("web-1 refused again").atMost(DEADLINE).pollInterval(Duration.ofMillis(200))
                .until(() -> second.log(second.agentLog(agent)).contains("refused this agent's certificate"));
        second.killAgent(agent);
        assertThat(first.cliJson("agent", "get", agentId).get("state").asText()).isEqualTo("Revoked");
    }

    @Test
    void anAgentGivenBothControllersMovesToTheLiveOneWhenItsControllerIsKilled() throws Exception {
        first = controller("a").startController();
        mountArtifactsOf(first, "b");
        second = controller("b").withAdminToken(first.adminToken()).startController();
        JsonNode token = first.cliJson("token", "create", "--uses", "1", "--ttl", "10m", "--allow-tag-key", "name");

        // Enrolled through the first (it answers first), the agent keeps both addresses.
        HoistCluster.Agent agent = first.enrollWithControllers(token, first.gatewayAddress() + "," + second.gatewayAddress(),
                "web-1");
        await("web-1 on the first").atMost(DEADLINE).pollInterval(Duration.ofMillis(200))
                .until(() -> first.gatewayConnections() == 1);
        assertThat(second.gatewayConnections()).isZero();

        first.killController();

        await("web-1 on the second").atMost(DEADLINE).pollInterval(Duration.ofMillis(200))
                .until(() -> second.gatewayConnections() == 1);
        assertThat(agent.process.isAlive()).isTrue();
        assertThat(second.connectedNames()).containsExactly("web-1");
    }

    @Test
    void aControllerThatWouldKeepItsCaOrArtifactsToItselfRefusesToStartBesideALiveOne() throws Exception {
        first = controller("a").startController();
        String firstId = Files.readString(first.dataDir().resolve("controller.id")).trim();

        HoistProcesses.Result privateArtifacts = new HoistCluster(work.resolve("c")).withDatabase(url())
                .withConfig(shared).startControllerExpectingRefusal();
        assertThat(privateArtifacts.exitCode()).as(privateArtifacts.all()).isNotZero();
        assertThat(privateArtifacts.all()).contains("controller " + firstId)
                .contains("artifact store is the directory " + work.resolve("c").resolve("data").resolve("bundles"))
                .contains("store: s3");

        HoistCluster ownCa = new HoistCluster(work.resolve("d")).withDatabase(url())
                .withConfig("secrets:\n  keyFile: " + work.resolve("secrets.key") + "\n");
        mountArtifactsOf(first, "d");
        HoistProcesses.Result refused = ownCa.startControllerExpectingRefusal();
        assertThat(refused.exitCode()).as(refused.all()).isNotZero();
        assertThat(refused.all()).contains("controller " + firstId).contains("pki.keyEncryptionKeyFile");
        assertThat(work.resolve("d").resolve("data").resolve("pki").resolve("ca.key"))
                .as("refused before it made a CA of its own").doesNotExist();

        // The first serves on, alone on the database.
        assertSucceeded(first.cli("agent", "list"));
    }

    private HoistCluster controller(String name) {
        return new HoistCluster(work.resolve(name)).withDatabase(url()).withConfig(shared);
    }

    /** Makes {@code <name>/data/bundles} the first controller's store, as a directory all of them mount. */
    private void mountArtifactsOf(HoistCluster owner, String name) throws IOException {
        Path data = Files.createDirectories(work.resolve(name).resolve("data"));
        Files.createDirectories(owner.dataDir().resolve("bundles"));
        Files.createSymbolicLink(data.resolve("bundles"), owner.dataDir().resolve("bundles"));
    }

    private String url() {
        return POSTGRES + "?currentSchema=" + schema;
    }

    private Path keyFile(String name) throws IOException {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        Path file = work.resolve(name);
        Files.writeString(file, Base64.getEncoder().encodeToString(key) + "\n", StandardCharsets.US_ASCII);
        return file;
    }
}
