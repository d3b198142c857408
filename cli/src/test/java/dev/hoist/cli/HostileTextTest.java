package dev.hoist.cli;

import static dev.hoist.cli.deployments.Recorded.text;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an agent reports, and what its hooks print, reaches the operator's terminal (hostile-probe
 * finding 4): control characters, which start escape sequences that clear the screen, retitle the
 * window or forge table rows, are printed as visible escapes; {@code deployment logs --raw} keeps a
 * hook's output as written.
 */
class HostileTextTest {
    private static final String ESC = "\u001b";
    private static final String AGENT = """
            {"id": "agt-1", "hostname": "web-1\\u001b[2J\\u001b]0;pwned\\u0007", "state": "Connected",
             "stateSince": "2025-01-01T09:58:12Z", "tags": {"env": "prod\\u202e"}, "agentVersion": "0.9.0\\r\\nagt-2  fake  Connected",
             "os": "Linux", "firstSeen": "2025-01-01T09:58:12Z", "lastSeen": "2025-01-01T10:00:12.250Z"}
            """;

    @TempDir
    Path dir;

    private final RecordedController controller = new RecordedController()
            .answer("GET /api/v1/agents/agt-1", 200, AGENT)
            .answer("GET /api/v1/agents", 200, "[" + AGENT + "]")
            .answer("GET /api/v1/deployments/dep-1a2b", 200, text("failed"))
            .answer("GET /api/v1/deployments/dep-1a2b/logs?limit=1000", 200, """
                    [{"agentId": "agt-1", "lineNumber": 1, "sequence": 10, "event": "ApplicationStart",
                      "stream": "stdout", "text": "red \\u001b[31malert\\u001b[0m <script>x</script>"}]""")
            .answer("GET /api/v1/deployments/dep-1a2b/logs?limit=1000&afterSequence=10", 200, "[]");

    @AfterEach
    void stop() {
        controller.close();
    }

    private CliRun hoist(String... args) {
        return CliRun.run(Map.of("HOIST_URL", controller.url(), "HOIST_TOKEN", "t"), dir, args);
    }

    @Test
    void agentListAndGetShowControlCharactersAsEscapes() {
        CliRun list = hoist("agent", "list");
        CliRun get = hoist("agent", "get", "agt-1");

        assertThat(list.exitCode()).as(list.err()).isZero();
        assertThat(list.out()).doesNotContain(ESC).doesNotContain("\u202e").contains("web-1\\x1b[2J\\x1b]0;pwned\\x07");
        assertThat(list.out().lines()).as("no forged row").hasSize(2);
        assertThat(get.out()).doesNotContain(ESC).doesNotContain("\r").contains("0.9.0\\x0d\\x0aagt-2  fake");
    }

    @Test
    void hookOutputIsEscapedUnlessRawIsAsked() {
        CliRun logs = hoist("deployment", "logs", "dep-1a2b");
        CliRun raw = hoist("deployment", "logs", "dep-1a2b", "--raw");

        assertThat(logs.out()).isEqualTo("[web-1 ApplicationStart] red \\x1b[31malert\\x1b[0m <script>x</script>\n");
        assertThat(raw.out()).contains(ESC + "[31malert" + ESC + "[0m");
    }
}
