package dev.hoist.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An older CLI against a newer controller: the typed answers ignore fields this CLI does not know, and
 * {@code --output json} still prints them, since it prints the answer as it was sent.
 */
class NewerControllerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String AGENT = """
            {"id": "agt-1", "hostname": "web-1", "state": "Connected", "stateSince": "2025-01-01T09:58:12Z",
             "tags": {"env": "prod", "role": "web"}, "agentVersion": "0.9.0", "os": "Linux 6.1.0",
             "firstSeen": "2025-01-01T09:58:12Z", "lastSeen": "2025-01-01T10:00:12.250Z",
             "facts": {"hostname": "web-1", "osName": "Linux", "osVersion": "6.1.0", "arch": "amd64", "cpuCount": 2,
                       "memoryTotalBytes": 8589934592, "memoryAvailableBytes": 4294967296,
                       "diskFreeBytes": 10737418240, "loadAverage1m": 0.25, "gpuCount": 1},
             "drainState": {"draining": true, "since": "2025-01-01T10:00:00Z"}}
            """;

    @TempDir
    Path dir;

    private RecordedController controller;

    @BeforeEach
    void start() {
        controller = new RecordedController().answer("GET /api/v1/agents/agt-1", 200, AGENT);
    }

    @AfterEach
    void stop() {
        controller.close();
    }

    private CliRun hoist(String... args) {
        return CliRun.run(Map.of("HOIST_URL", controller.url(), "HOIST_TOKEN", "t"), dir, args);
    }

    @Test
    void fieldsItDoesNotKnowAreIgnoredWhenItReadsTheAnswer() {
        CliRun run = hoist("agent", "get", "agt-1");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("Hostname:      web-1").contains("Tags:          env=prod,role=web")
                .contains("Agent version: 0.9.0").contains("Last seen:     2025-01-01T10:00:12.250Z (")
                .contains("Memory:        4.0 GiB free of 8.0 GiB").contains("Load (1m):     0.25");
    }

    @Test
    void jsonOutputIsTheAnswerAsSentFieldsItDoesNotKnowIncluded() throws Exception {
        CliRun run = hoist("agent", "get", "agt-1", "--output", "json");

        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode printed = JSON.readTree(run.out());
        assertThat(printed).isEqualTo(JSON.readTree(AGENT));
    }
}
