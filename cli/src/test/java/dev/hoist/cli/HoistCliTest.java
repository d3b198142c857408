package dev.hoist.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hoist.cli.client.Connection;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the CLI does on its own: settings, usage errors, and a controller that is not there. */
class HoistCliTest {
    @TempDir
    Path dir;

    @Test
    void anUnreachableControllerGetsAClearMessageAndItsOwnExitCode() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        String url = "http://127.0.0.1:" + closedPort;

        CliRun run = CliRun.run(Map.of("HOIST_URL", url, "HOIST_TOKEN", "t"), dir, "agent", "list");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.UNREACHABLE);
        assertThat(run.err()).contains("cannot reach the controller at " + url)
                .contains("connection refused; is it running?").contains("HOIST_URL");
    }

    @Test
    void aBadUrlIsAUsageError() {
        CliRun run = CliRun.run(Map.of(), dir, "agent", "list", "--url", "ftp://x");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("'ftp://x' is not an http:// or https:// URL");
    }

    @Test
    void malformedTagIsAUsageErrorNamingIt() {
        CliRun run = CliRun.run(Map.of("HOIST_TOKEN", "t"), dir, "token", "create", "--tag", "justakey");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("tag 'justakey' must be KEY=VALUE");
    }

    @Test
    void unknownCommandsAndOptionsAreUsageErrors() {
        assertThat(CliRun.run(Map.of(), dir, "agnet", "list").exitCode()).isEqualTo(ExitCodes.USAGE);
        CliRun badOutput = CliRun.run(Map.of(), dir, "agent", "list", "--output", "xml");
        assertThat(badOutput.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(badOutput.err()).contains("xml");
        assertThat(CliRun.run(Map.of(), dir).exitCode()).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void everyCommandAnswersHelp() {
        for (String[] command : new String[][] {{"agent", "list"}, {"agent", "revoke"}, {"token", "create"},
                {"agent"}, {"--help"}}) {
            String[] args = java.util.stream.Stream.concat(java.util.Arrays.stream(command),
                    java.util.stream.Stream.of("--help")).distinct().toArray(String[]::new);
            CliRun run = CliRun.run(Map.of(), dir, args);
            assertThat(run.exitCode()).as(String.join(" ", args)).isZero();
            assertThat(run.out()).as(String.join(" ", args)).contains("Usage: hoist");
        }
    }

    @Test
    void settingsComeFromOptionsThenEnvironmentThenTheLocalAdminTokenFile() throws Exception {
        Files.createDirectories(dir.resolve("hoist-data"));
        Files.writeString(dir.resolve("hoist-data/admin.token"), "from-file\n");
        Files.createDirectories(dir.resolve("elsewhere"));
        Files.writeString(dir.resolve("elsewhere/admin.token"), "from-data-dir\n");

        assertThat(resolve(null, null, Map.of(), dir).token()).isEqualTo("from-file");
        assertThat(resolve(null, null, Map.of(), dir).url()).hasToString("http://127.0.0.1:8080");
        assertThat(resolve(null, null, Map.of("HOIST_DATA_DIR", "elsewhere"), dir).token())
                .isEqualTo("from-data-dir");
        assertThat(resolve(null, null, Map.of("HOIST_TOKEN", "from-env"), dir).token()).isEqualTo("from-env");
        Connection explicit = resolve("http://h:1/", "from-option",
                Map.of("HOIST_TOKEN", "from-env", "HOIST_URL", "http://env:2"), dir);
        assertThat(explicit.token()).isEqualTo("from-option");
        assertThat(explicit.url()).hasToString("http://h:1");
        assertThat(resolve(null, null, Map.of("HOIST_URL", "http://env:2"), dir.resolve("none")).token())
                .isNull();
    }

    /** No context: the configuration is looked for under this test's directory, never in the real home. */
    private Connection resolve(String url, String token, Map<String, String> env, Path workingDir) {
        Map<String, String> withConfig = new HashMap<>(env);
        withConfig.put("XDG_CONFIG_HOME", dir.resolve(".config").toString());
        return Connection.resolve(url, token, null, withConfig, workingDir);
    }
}
