package dev.hoist.controller.agentupgrade;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hoist.controller.AgainstRunningController;
import dev.hoist.controller.RunningController.Response;
import dev.hoist.controller.core.Agent;
import dev.hoist.controller.core.AgentState;
import dev.hoist.controller.core.Secrets;
import dev.hoist.controller.testing.TarGz;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code /api/v1/agent-distributions} and {@code /api/v1/agent-upgrades} through the real application: real
 * auth, a real store, real tar.gz distributions over real HTTP on loopback. The upgrade itself, with real
 * agents, is AgentUpgradeIT's.
 */
class AgentUpgradeApiTest extends AgainstRunningController {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void aDistributionIsRegisteredUnderTheVersionItsTarballSaysOnceAndListed() {
        String version = "9.1." + Secrets.newId("t");
        byte[] tarball = distribution(version);

        Response first = upload("/api/v1/agent-distributions", tarball);
        Response again = upload("/api/v1/agent-distributions", tarball);

        assertThat(first.status()).as(first.body()).isEqualTo(201);
        assertThat(first.json().path("version").asText()).isEqualTo(version);
        assertThat(first.json().path("architecture").asText()).isEqualTo("x86_64");
        assertThat(first.json().path("revisionId").asText()).startsWith("rev-");
        assertThat(again.json().path("revisionId").asText()).as("the same bytes are the same distribution")
                .isEqualTo(first.json().path("revisionId").asText());
        JsonNode listed = get("/api/v1/agent-distributions").json();
        assertThat(listed.findValuesAsText("version")).contains(version);
        JsonNode revisions = get("/api/v1/applications/hoist-agent/revisions").json();
        assertThat(revisions.findValuesAsText("revisionId")).contains(first.json().path("revisionId").asText());
    }

    @Test
    void aTarballThatIsNoAgentDistributionIsRefusedSayingWhatToUpload() {
        Response appBundle = upload("/api/v1/agent-distributions", new TarGz().file("appspec.yml", "version: 0.0\n")
                .bytes());
        Response badVersion = upload("/api/v1/agent-distributions", new TarGz()
                .file("hoist-agent/VERSION", "1.0; rm -rf /\n").bytes());

        assertRefused(appBundle, 400, "AGENT_DISTRIBUTION_INVALID");
        assertThat(appBundle.json().path("message").asText()).contains("hoist-agent/VERSION")
                .contains("agent/target/hoist-agent-linux-ARCH.tar.gz");
        assertRefused(badVersion, 400, "AGENT_DISTRIBUTION_INVALID");
        assertThat(badVersion.json().path("message").asText()).contains("'1.0; rm -rf /'");
    }

    @Test
    void anAppSpecBundleCannotBePushedToTheBuiltInApplication() {
        assertThat(upload("/api/v1/agent-distributions", distribution("9.2." + Secrets.newId("t"))).status())
                .isEqualTo(201);
        Response pushed = upload("/api/v1/applications/hoist-agent/revisions", new TarGz()
                .file("appspec.yml", "version: 0.0\nos: linux\n").bytes());

        assertRefused(pushed, 400, "RESERVED_APPLICATION");
        assertThat(pushed.json().path("message").asText()).contains("hoist agent dist push");
    }

    @Test
    void anUpgradeIsADeploymentOfTheDistributionToTheGroupOfItsTags() {
        String version = "9.3." + Secrets.newId("t");
        String revisionId = upload("/api/v1/agent-distributions", distribution(version)).json().path("revisionId")
                .asText();
        String env = "upgrade-" + Secrets.newId("");
        enroll(Map.of("env", env, "role", "web"));

        Response started = post("/api/v1/agent-upgrades", "{\"tags\": {\"env\": \"" + env + "\", \"role\": \"web\"}, "
                + "\"version\": \"" + version + "\", \"deadlineSeconds\": 120}");

        assertThat(started.status()).as(started.body()).isEqualTo(201);
        JsonNode upgrade = started.json();
        assertThat(upgrade.path("application").asText()).isEqualTo("hoist-agent");
        assertThat(upgrade.path("version").asText()).isEqualTo(version);
        assertThat(upgrade.path("revisionId").asText()).isEqualTo(revisionId);
        String group = upgrade.path("group").asText();
        assertThat(group).startsWith("agents.env-" + env + ".role-web.");
        JsonNode deployment = get("/api/v1/deployments/" + upgrade.path("deploymentId").asText()).json();
        assertThat(deployment.path("application").asText()).isEqualTo("hoist-agent");
        assertThat(deployment.path("revisionId").asText()).isEqualTo(revisionId);
        JsonNode made = get("/api/v1/applications/hoist-agent/deployment-groups/" + group).json();
        assertThat(made.path("config").asText()).isEqualTo("OneAtATime");
        assertThat(made.path("autoRollback").path("enabled").asBoolean()).isTrue();
        assertThat(made.path("scriptTimeoutLimitSeconds").asLong()).as("the deadline").isEqualTo(120);

        Response again = post("/api/v1/agent-upgrades", "{\"tags\": {\"role\": \"web\", \"env\": \"" + env + "\"}, "
                + "\"version\": \"" + version + "\"}");
        assertThat(again.status()).as(again.body()).isEqualTo(201);
        assertThat(again.json().path("group").asText()).as("the same tags, the same group").isEqualTo(group);
    }

    @Test
    void upgradesThatCannotBeMadeAreRefusedWithWhatToDo() {
        assertRefused(post("/api/v1/agent-upgrades", "{}"), 400, "INVALID_TAGS");
        Response tooMany = post("/api/v1/agent-upgrades",
                "{\"tags\": {\"a\": \"1\", \"b\": \"2\", \"c\": \"3\", \"d\": \"4\"}}");
        assertRefused(tooMany, 400, "INVALID_TAGS");
        assertThat(tooMany.json().path("message").asText()).contains("at most 3 tags");
        assertRefused(post("/api/v1/agent-upgrades", "{\"tags\": {\"env\": \"x\"}, \"deadlineSeconds\": 0}"), 400,
                "INVALID_DEADLINE");
        Response unknown = post("/api/v1/agent-upgrades", "{\"tags\": {\"env\": \"x\"}, \"version\": \"0.0.0-none\"}");
        assertRefused(unknown, 404, "AGENT_DISTRIBUTION_NOT_FOUND");
        assertThat(unknown.json().path("message").asText()).contains("0.0.0-none").contains("hoist agent dist push");
    }

    /** A tarball laid out as agent/src/dist/make-dist lays one out (without the runtime). */
    private static byte[] distribution(String version) {
        return new TarGz().directory("hoist-agent").file("hoist-agent/ARCH", "x86_64\n")
                .file("hoist-agent/VERSION", version + "\n")
                .script("hoist-agent/bin/hoist-agent", "#!/bin/sh\necho \"hoist-agent " + version + "\"\n")
                .file("hoist-agent/lib/hoist-agent.jar", "jar").bytes();
    }

    private static void enroll(Map<String, String> tags) {
        String id = Secrets.newId("agt-");
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        controller.parts().agents().insert(new Agent(id, "host-" + id, tags, "9.0", "Linux 6.1", now, now,
                AgentState.DISCONNECTED, now, null));
    }

    private static Response upload(String path, byte[] body) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(controller.apiUrl() + path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + admin)
                .header("Content-Type", "application/gzip")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Response get(String path) {
        return controller.call("GET", path, admin, null);
    }

    private static Response post(String path, String body) {
        return controller.call("POST", path, admin, body);
    }

    private static void assertRefused(Response response, int status, String code) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.code()).as(response.body()).isEqualTo(code);
        assertThat(response.json().path("message").asText()).isNotBlank();
    }
}
