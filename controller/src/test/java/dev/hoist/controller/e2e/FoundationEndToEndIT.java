package dev.hoist.controller.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 2's "done when", with the real programs: a controller from its jar on a temporary data dir,
 * the CLI creating a two-use token, two enrolled agents connected with their tags, a wrong pin and a
 * third use refused, a client without a certificate turned away at the gateway, and a revoked agent
 * shut out while the other stays connected.
 */
class FoundationEndToEndIT {
    private static final Duration COMMAND = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;

    private HoistProcesses processes;
    private Path controllerJar;
    private Path agentJar;
    private Path cliJar;
    private int apiPort;
    private int gatewayPort;
    private Map<String, String> cliEnv;

    @BeforeEach
    void startController() throws Exception {
        processes = new HoistProcesses(work);
        controllerJar = processes.jar("controller", "hoist-controller.jar");
        agentJar = processes.jar("agent", "hoist-agent.jar");
        cliJar = processes.jar("cli", "hoist.jar");
        apiPort = HoistProcesses.freePort();
        int adminPort = HoistProcesses.freePort();
        gatewayPort = HoistProcesses.freePort();
        Path data = work.resolve("data");
        processes.startController("controller", controllerJar, data, work.resolve("controller.yml"), apiPort,
                adminPort, gatewayPort, "", Duration.ofSeconds(90));
        String adminToken = Files.readString(data.resolve("admin.token")).trim();
        cliEnv = Map.of("HOIST_URL", "http://127.0.0.1:" + apiPort, "HOIST_TOKEN", adminToken);
    }

    @AfterEach
    void stopEverything() {
        if (processes != null) {
            processes.close();
        }
    }

    @Test
    void twoAgentsEnrollConnectAndOneIsRevokedForGood() throws Exception {
        JsonNode token = json(cli("token", "create", "--uses", "2", "--tag", "env=e2e", "--allow-tag-key", "role",
                "--ttl", "10m", "--output", "json"));
        String secret = token.get("token").asText();
        String pin = token.get("caPin").asText();
        assertThat(pin).startsWith("sha256:");
        assertThat(token.get("usesLeft").asInt()).isEqualTo(2);
        assertThat(token.get("enrollCommand").asText()).contains("hoist-agent enroll").contains(secret).contains(pin);

        Path webState = work.resolve("agent-web");
        Path dbState = work.resolve("agent-db");
        assertSucceeded(enroll(secret, pin, webState, "role=web"));
        assertSucceeded(enroll(secret, pin, dbState, "role=db"));

        HoistProcesses.Result wrongPin = enroll(secret, "sha256:" + "ab".repeat(32), work.resolve("agent-x"), "role=x");
        assertThat(wrongPin.exitCode()).as(wrongPin.all()).isNotZero();
        assertThat((wrongPin.stdout() + wrongPin.stderr()).toLowerCase()).contains("pin");

        HoistProcesses.Result thirdUse = enroll(secret, pin, work.resolve("agent-y"), "role=y");
        assertThat(thirdUse.exitCode()).as(thirdUse.all()).isNotZero();
        assertThat((thirdUse.stdout() + thirdUse.stderr()).toLowerCase()).containsAnyOf("spent", "used up", "no uses left");

        Process webAgent = processes.start("agent-web", Map.of(), agentJar, "run", "--state-dir", webState.toString());
        processes.start("agent-db", Map.of(), agentJar, "run", "--state-dir", dbState.toString());

        await("both agents Connected").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> connectedRoles().containsAll(List.of("web", "db")));
        JsonNode agents = json(cli("agent", "list", "--output", "json"));
        assertThat(agents).hasSize(2);
        String webId = null;
        for (JsonNode agent : agents) {
            assertThat(agent.get("hostname").asText()).isNotBlank();
            assertThat(agent.get("tags").get("env").asText()).isEqualTo("e2e");
            assertThat(agent.get("agentVersion").asText()).isNotBlank();
            assertThat(agent.get("facts").get("cpuCount").asInt()).isPositive();
            if ("web".equals(agent.get("tags").get("role").asText())) {
                webId = agent.get("id").asText();
            }
        }
        assertThat(webId).startsWith("agt-");

        assertNoClientCertificateIsRefused();

        assertSucceeded(cli("agent", "revoke", webId));
        String revoked = webId;
        await("web agent revoked, db agent still connected").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> stateOf(revoked).equals("Revoked") && connectedRoles().equals(List.of("db")));
        // The revoked agent is told so on its live connection: it stops its work and exits (status 11).
        await("the revoked agent stopped").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> !webAgent.isAlive());
        assertThat(webAgent.exitValue()).isEqualTo(11);
        assertThat(processes.log("agent-web")).contains("The controller refused this agent (REVOKED)")
                .contains("enroll it again");
        assertThat(stateOf(revoked)).isEqualTo("Revoked");
        assertThat(connectedRoles()).containsExactly("db");
    }

    private void assertNoClientCertificateIsRefused() throws Exception {
        // -ign_eof: in TLS 1.3 the server judges the client's (missing) certificate after the client
        // has finished its side of the handshake, so wait for the server's verdict instead of quitting.
        Path transcript = work.resolve("openssl.txt");
        Process openssl = new ProcessBuilder("openssl", "s_client", "-connect", "127.0.0.1:" + gatewayPort,
                "-tls1_3", "-servername", "localhost", "-ign_eof")
                .redirectErrorStream(true)
                .redirectOutput(transcript.toFile())
                .start();
        openssl.getOutputStream().write("hello\n".getBytes());
        openssl.getOutputStream().close();
        boolean exited = openssl.waitFor(30, TimeUnit.SECONDS);
        openssl.destroyForcibly();
        String output = Files.readString(transcript);
        assertThat(exited).as("the gateway closed the connection of a client without a certificate:\n" + output)
                .isTrue();
        assertThat(output).as(output).containsIgnoringCase("alert certificate required");
    }

    private List<String> connectedRoles() throws IOException {
        List<String> roles = new ArrayList<>();
        for (JsonNode agent : json(cli("agent", "list", "--output", "json"))) {
            if ("Connected".equals(agent.get("state").asText())) {
                roles.add(agent.get("tags").get("role").asText());
            }
        }
        return roles;
    }

    private String stateOf(String agentId) throws IOException {
        return json(cli("agent", "get", agentId, "--output", "json")).get("state").asText();
    }

    private HoistProcesses.Result enroll(String token, String pin, Path state, String tag) {
        return processes.run(COMMAND, Map.of(), agentJar, "enroll", "--controller", "127.0.0.1:" + gatewayPort,
                "--token", token, "--ca-pin", pin, "--state-dir", state.toString(), "--tag", tag);
    }

    private HoistProcesses.Result cli(String... args) {
        return processes.run(COMMAND, cliEnv, cliJar, args);
    }

    private static JsonNode json(HoistProcesses.Result result) throws IOException {
        assertSucceeded(result);
        return JSON.readTree(result.stdout());
    }

    private static void assertSucceeded(HoistProcesses.Result result) {
        assertThat(result.exitCode()).as(result.all()).isZero();
    }
}
