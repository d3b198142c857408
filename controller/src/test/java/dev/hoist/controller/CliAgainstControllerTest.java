package dev.hoist.controller;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hoist.cli.ExitCodes;
import dev.hoist.controller.core.Agent;
import dev.hoist.controller.core.AgentState;
import dev.hoist.controller.core.HostFacts;
import dev.hoist.controller.core.JoinTokenStore.Outcome;
import dev.hoist.controller.core.Secrets;
import dev.hoist.controller.testing.InProcessCli;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The real {@code hoist} CLI, in-process, against a real running controller. */
class CliAgainstControllerTest extends AgainstRunningController {
    private static final ObjectMapper JSON = new ObjectMapper();


    @Test
    void tokenCreateAsJsonGivesTheTokenPinAndExactEnrollCommand() throws Exception {
        InProcessCli run = hoist("token", "create", "--tag", "env=prod", "--tag", "role=web", "--ttl", "2h", "--uses", "2",
                "--output", "json");

        assertThat(run.exit).as(run.err).isEqualTo(0);
        JsonNode created = JSON.readTree(run.out);
        String token = created.path("token").asText();
        String pin = controller.parts().certificateAuthority().pin();
        assertThat(created.path("caPin").asText()).isEqualTo(pin);
        assertThat(created.path("usesLeft").asInt()).isEqualTo(2);
        assertThat(Instant.parse(created.path("expiresAt").asText())).isAfter(Instant.now().plus(119, ChronoUnit.MINUTES));
        assertThat(created.path("enrollCommand").asText())
                .isEqualTo("hoist-agent enroll --controller hoist.example:8443 --token " + token + " --ca-pin " + pin);
        var redeemed = controller.parts().joinTokens().redeem(Secrets.hash(token), Instant.now());
        assertThat(redeemed.outcome()).isEqualTo(Outcome.OK);
        assertThat(redeemed.token().tags()).containsEntry("env", "prod").containsEntry("role", "web");
    }

    @Test
    void tokenCreateForPeoplePrintsTheInstallLineAndTheEnrollCommand() {
        InProcessCli run = hoist("token", "create");

        assertThat(run.exit).as(run.err).isEqualTo(0);
        assertThat(run.out).contains("CA pin:  sha256:").contains("hoist-agent enroll --controller hoist.example:8443 --token hoist_join_")
                .containsPattern("curl -fsSL http://hoist\\.example:\\d+/install/agent\\.sh \\| sudo sh -s -- "
                        + "--token hoist_join_\\S+ --ca-pin sha256:[0-9a-f]{64}");
    }

    @Test
    void agentListShowsATableAndJsonAgentObjects() throws Exception {
        String env = "cli" + Secrets.newId("");
        Agent web = enroll("web-" + env, Map.of("env", env, "role", "web"), AgentState.CONNECTED);
        Agent db = enroll("db-" + env, Map.of("env", env, "role", "db"), AgentState.DISCONNECTED);

        InProcessCli table = hoist("agent", "list", "--tag", "env=" + env);
        assertThat(table.exit).as(table.err).isEqualTo(0);
        String[] lines = table.out.split("\n");
        assertThat(lines[0]).startsWith("ID").contains("HOSTNAME").contains("STATE").contains("TAGS");
        assertThat(table.out).contains(web.id()).contains(db.id()).contains("Connected").contains("role=web");
        assertThat(lines[1].indexOf("web-" + env) >= 0 ? lines[1].indexOf("web-") : lines[1].indexOf("db-"))
                .isEqualTo(lines[0].indexOf("HOSTNAME"));

        InProcessCli json = hoist("agent", "list", "--tag", "env=" + env, "--state", "Connected", "--output", "json");
        JsonNode agents = JSON.readTree(json.out);
        assertThat(agents).hasSize(1);
        JsonNode agent = agents.get(0);
        assertThat(agent.path("id").asText()).isEqualTo(web.id());
        assertThat(agent.path("hostname").asText()).isEqualTo("web-" + env);
        assertThat(agent.path("state").asText()).isEqualTo("Connected");
        assertThat(agent.path("tags").path("role").asText()).isEqualTo("web");
        assertThat(agent.path("agentVersion").asText()).isEqualTo("0.1.0");
        assertThat(agent.path("lastSeen").asText()).isNotEmpty();
        assertThat(agent.path("facts").path("cpuCount").asInt()).isEqualTo(2);
    }

    @Test
    void agentGetTagAndRevoke() throws Exception {
        Agent agent = enroll("host-" + Secrets.newId(""), Map.of("env", "a"), AgentState.CONNECTED);

        InProcessCli get = hoist("agent", "get", agent.id());
        assertThat(get.out).contains("Hostname:").contains(agent.hostname()).contains("CPUs:").contains("GiB");

        InProcessCli tag = hoist("agent", "tag", agent.id(), "team=blue", "--remove", "env");
        assertThat(tag.exit).as(tag.err).isEqualTo(0);
        assertThat(controller.parts().agents().find(agent.id()).orElseThrow().tags())
                .containsExactlyInAnyOrderEntriesOf(Map.of("team", "blue"));

        InProcessCli revoke = hoist("agent", "revoke", agent.id());
        assertThat(revoke.exit).as(revoke.err).isEqualTo(0);
        assertThat(controller.parts().revocations().isRevoked(agent.id())).isTrue();

        InProcessCli missing = hoist("agent", "revoke", "agt-nobody");
        assertThat(missing.exit).isEqualTo(ExitCodes.REFUSED);
        assertThat(missing.err).contains("AGENT_NOT_FOUND: no agent with id 'agt-nobody'");
    }

    @Test
    void refusedTokensAndApiErrorsAreRenderedReadably() {
        InProcessCli wrongToken = hoist("agent", "list", "--token", "hoist_api_wrong");
        assertThat(wrongToken.exit).isEqualTo(ExitCodes.NOT_AUTHORISED);
        assertThat(wrongToken.err).contains("refused the API token from --token");

        InProcessCli badTtl = hoist("token", "create", "--ttl", "forever");
        assertThat(badTtl.exit).isEqualTo(ExitCodes.REFUSED);
        assertThat(badTtl.err).contains("INVALID_TTL: ttl 'forever'").contains("\n  ttl: forever");

        InProcessCli viewerToken = hoist("api-token", "create", "v-" + Secrets.newId(""), "--role", "viewer", "--output", "json");
        String viewer = viewerToken.out.replaceAll("(?s).*\"token\" : \"([^\"]+)\".*", "$1");
        InProcessCli forbidden = hoist("token", "create", "--token", viewer);
        assertThat(forbidden.exit).isEqualTo(ExitCodes.NOT_AUTHORISED);
        assertThat(forbidden.err).contains("FORBIDDEN").contains("role viewer");
    }

    private static Agent enroll(String hostname, Map<String, String> tags, AgentState state) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS).minusSeconds(90);
        HostFacts facts = new HostFacts(hostname, "Linux", "6.1", "amd64", 2, 8L << 30, 3L << 30, 40L << 30, 0.1);
        Agent agent = new Agent(Secrets.newId("agt-"), hostname, tags, "0.1.0", "Linux 6.1", now, now, state, now, facts);
        controller.parts().agents().insert(agent);
        return agent;
    }

    /** Runs hoist from the directory that holds the controller's hoist-data, so it finds admin.token itself. */
    private static InProcessCli hoist(String... args) {
        return InProcessCli.run(Map.of("HOIST_URL", controller.apiUrl()), temp, "", args);
    }

}
