package dev.hoist.controller.resources;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hoist.controller.RunningController;
import dev.hoist.controller.core.Agent;
import dev.hoist.controller.core.AgentState;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /api/v1/agents?limit=&offset=}: one page at a time, the total in {@code X-Total-Count}. */
class AgentListPagingTest {
    @TempDir
    Path dir;

    private RunningController controller;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        controller = RunningController.start(dir.resolve("data"));
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        for (int i = 0; i < 250; i++) {
            String role = i % 2 == 0 ? "web" : "db";
            controller.parts().agents().insert(new Agent("agt-%04d".formatted(i), "host-%04d".formatted(i),
                    Map.of("role", role), "0.1.0", "Linux", now, now, AgentState.DISCONNECTED, now, null));
        }
    }

    @AfterEach
    void stop() {
        controller.close();
    }

    @Test
    void pagesCoverEveryMatchOnceInOrderAndCarryTheTotal() throws Exception {
        List<String> seen = new ArrayList<>();
        for (int offset = 0; offset < 125; offset += 50) {
            HttpResponse<String> page = get("/api/v1/agents?tag=role=web&limit=50&offset=" + offset);

            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.headers().firstValue("X-Total-Count")).contains("125");
            new com.fasterxml.jackson.databind.ObjectMapper().readTree(page.body())
                    .forEach(agent -> seen.add(agent.get("hostname").asText()));
        }

        assertThat(seen).hasSize(125).doesNotHaveDuplicates().isSorted();
        assertThat(seen.get(0)).isEqualTo("host-0000");
        assertThat(seen.get(124)).isEqualTo("host-0248");
    }

    @Test
    void withoutALimitEveryMatchComesBackAndBadNumbersAreRefused() throws Exception {
        JsonNode all = controller.call("GET", "/api/v1/agents", controller.adminToken(), null).json();

        assertThat(all).hasSize(250);
        assertThat(get("/api/v1/agents?limit=0").statusCode()).isEqualTo(400);
        assertThat(controller.call("GET", "/api/v1/agents?limit=1001", controller.adminToken(), null).code())
                .isEqualTo("INVALID_LIMIT");
        assertThat(controller.call("GET", "/api/v1/agents?offset=-1", controller.adminToken(), null).code())
                .isEqualTo("INVALID_QUERY");
        assertThat(get("/api/v1/agents?limit=10&offset=1000").body()).isEqualTo("[]");
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(controller.apiUrl() + path))
                .header("Authorization", "Bearer " + controller.adminToken()).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
