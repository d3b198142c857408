package dev.hoist.controller.e2e;

import static dev.hoist.controller.e2e.HoistCluster.assertSucceeded;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whether an agent is connected, across controller restarts: a controller killed with its agents
 * connected must not show them connected forever after it starts again, and a controller stopped
 * gracefully records every agent it served as disconnected before its store closes.
 */
class PresenceIT {
    @TempDir
    Path work;

    private HoistCluster cluster;

    @AfterEach
    void stopEverything() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void aKilledControllerStartsWithNobodyConnected() throws Exception {
        cluster = new HoistCluster(work).startController();
        cluster.addAgents(List.of("web-1"), "role=web");
        assertThat(state("web-1")).isEqualTo("Connected");

        cluster.killController();
        cluster.killAgent(cluster.agent("web-1")); // it cannot tell the new controller anything
        cluster.startController();

        assertThat(state("web-1")).as("an agent that never came back").isEqualTo("Disconnected");
    }

    @Test
    void aGracefulStopRecordsEveryAgentDisconnectedBeforeTheStoreCloses() throws Exception {
        cluster = new HoistCluster(work).startController();
        cluster.addAgents(List.of("web-1", "web-2"), "role=web");

        cluster.stopController();

        try (Connection store = DriverManager.getConnection("jdbc:sqlite:" + cluster.dataDir().resolve("hoist.db"));
                ResultSet rows = store.createStatement().executeQuery("SELECT state FROM agents")) {
            int agents = 0;
            while (rows.next()) {
                agents++;
                assertThat(rows.getString(1)).isEqualTo("DISCONNECTED");
            }
            assertThat(agents).isEqualTo(2);
        }
    }

    private String state(String name) {
        for (JsonNode agent : cluster.cliJson("agent", "list")) {
            if (name.equals(agent.path("tags").path("name").asText())) {
                return agent.path("state").asText();
            }
        }
        throw new AssertionError("no agent " + name);
    }
}
