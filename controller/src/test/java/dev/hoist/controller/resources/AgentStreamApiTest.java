package dev.hoist.controller.resources;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hoist.controller.AgainstRunningController;
import dev.hoist.controller.RunningController;
import dev.hoist.controller.core.Agent;
import dev.hoist.controller.core.AgentState;
import dev.hoist.controller.testing.SseClient;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Agents' changes on {@code /api/v1/stream} through the real application (auth, SQLite registry, Jersey
 * SSE): only with {@code agents=true}, as the agent API shows the agent; a client without an id is
 * given where the stream stands, so that a drop before any change still resumes without a miss; an id
 * of another run of the controller is a {@code reset}.
 */
class AgentStreamApiTest extends AgainstRunningController {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aClientThatAsksForAgentsGetsEachChangeAsTheApiShowsTheAgentAndResumesFromWhereItWasGiven()
            throws Exception {
        String url = controller.apiUrl() + "/api/v1/stream?agents=true&deployments=false";
        String position;
        try (SseClient stream = SseClient.open(url, admin, null)) {
            SseClient.Event connected = stream.next(Duration.ofSeconds(20));
            assertThat(connected.name()).isEqualTo("connected");
            position = connected.id();
            assertThat(stream.lastEventId()).isEqualTo(position);
            insert("agt-live-1", "web-1");
            SseClient.Event enrolled = stream.next(Duration.ofSeconds(20));
            assertThat(enrolled.name()).isEqualTo("agent");
            assertThat(JSON.readTree(enrolled.data()).path("id").asText()).isEqualTo("agt-live-1");
            assertThat(JSON.readTree(enrolled.data()).path("state").asText()).isEqualTo("Disconnected");
        }
        assertThat(position).matches("\\d+\\.\\d+\\.[a-z0-9]+");

        // Changed while no client listens; a client resuming from the position it was given gets it all.
        assertThat(controller.call("PUT", "/api/v1/agents/agt-live-1/tags", admin, "{\"tags\": {\"role\": \"db\"}}")
                .status()).isEqualTo(200);
        assertThat(controller.call("POST", "/api/v1/agents/agt-live-1/revoke", admin, "{}").status()).isEqualTo(200);
        JsonNode shown = controller.call("GET", "/api/v1/agents/agt-live-1", admin, null).json();
        try (SseClient resumed = SseClient.open(url, admin, position)) {
            assertThat(JSON.readTree(resumed.next(Duration.ofSeconds(20)).data()).path("state").asText())
                    .isEqualTo("Disconnected");
            JsonNode tagged = JSON.readTree(resumed.next(Duration.ofSeconds(20)).data());
            assertThat(tagged.path("tags")).isEqualTo(JSON.readTree("{\"role\": \"db\"}"));
            SseClient.Event revoked = resumed.next(Duration.ofSeconds(20));
            assertThat(JSON.readTree(revoked.data())).isEqualTo(shown);
            assertThat(revoked.id()).endsWith(position.substring(position.lastIndexOf('.')));
        }
    }

    @Test
    void aDeploymentsStreamGetsNoAgentChangesAndAgentsGoWithNoDeploymentFilter() throws Exception {
        try (SseClient deployments = SseClient.open(controller.apiUrl() + "/api/v1/stream", admin, null);
                SseClient agents = SseClient.open(controller.apiUrl() + "/api/v1/stream?agents=true", admin, null)) {
            assertThat(agents.next(Duration.ofSeconds(20)).name()).isEqualTo("connected");
            assertThat(deployments.next(Duration.ofSeconds(20)).name()).isEqualTo("connected");
            insert("agt-live-2", "web-2");
            assertThat(JSON.readTree(agents.next(Duration.ofSeconds(20)).data()).path("id").asText())
                    .isEqualTo("agt-live-2");
            String before = deployments.lastEventId();
            assertThat(controller.call("PUT", "/api/v1/agents/agt-live-2/tags", admin, "{\"tags\": {}}").status())
                    .isEqualTo(200);
            agents.next(Duration.ofSeconds(20));
            assertThat(deployments.lastEventId()).as("no agent event reached it").isEqualTo(before);
        }
        RunningController.Response refused = controller.call("GET",
                "/api/v1/stream?agents=true&application=shop", admin, null);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.code()).isEqualTo("INVALID_QUERY");
        assertThat(controller.call("GET", "/api/v1/stream?agents=perhaps", admin, null).code())
                .isEqualTo("INVALID_QUERY");
    }

    @Test
    void anIdOfAnotherRunOfTheControllerIsAReset() throws Exception {
        try (SseClient stream = SseClient.open(controller.apiUrl() + "/api/v1/stream?agents=true", admin,
                "999999.7.earlierrun")) {
            SseClient.Event reset = stream.next(Duration.ofSeconds(20));
            assertThat(reset.name()).isEqualTo("reset");
            assertThat(reset.data()).contains("read the current state again");
        }
    }

    private static void insert(String id, String hostname) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        controller.parts().agents().insert(new Agent(id, hostname, Map.of("role", "web"), "0.1.0", "Linux", now, now,
                AgentState.DISCONNECTED, now, null));
    }
}
