package dev.hoist.controller.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hoist.cli.CliContext;
import dev.hoist.cli.HoistCli;
import dev.hoist.controller.RunningController;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code hoist secret set|list|delete} in-process against a real controller: values in from stdin or a file, never out. */
class SecretCliTest {
    private static final String VALUE = "cli-s3cret-" + Long.toHexString(System.nanoTime());

    @TempDir
    static Path temp;

    private static RunningController controller;

    @BeforeAll
    static void start() throws Exception {
        controller = RunningController.start(temp.resolve("hoist-data"));
        String admin = controller.adminToken();
        controller.call("POST", "/api/v1/applications", admin, "{\"name\": \"shop\"}");
        controller.call("POST", "/api/v1/applications/shop/deployment-groups", admin,
                "{\"name\": \"web\", \"tagSet\": [[\"role=web\"]]}");
    }

    @AfterAll
    static void stop() {
        if (controller != null) {
            controller.close();
        }
    }

    @Test
    void aValueComesFromStandardInputOrAFileAndIsNeverPrinted() throws Exception {
        Run fromStdin = hoist(VALUE + "\n", "secret", "set", "--app", "shop", "--group", "web", "DB_PASSWORD");
        Path file = temp.resolve("value");
        Files.writeString(file, VALUE + "-file");
        Run fromFile = hoist("", "secret", "set", "--app", "shop", "--group", "web", "API_KEY", "--from-file",
                file.toString(), "--output", "json");
        Run list = hoist("", "secret", "list", "--app", "shop", "--group", "web");

        assertThat(fromStdin.exit()).as(fromStdin.err()).isZero();
        assertThat(fromStdin.out()).contains("Set secret DB_PASSWORD of group web");
        assertThat(fromFile.exit()).as(fromFile.err()).isZero();
        assertThat(list.out()).contains("DB_PASSWORD").contains("API_KEY");
        for (Run run : new Run[] {fromStdin, fromFile, list}) {
            assertThat(run.out() + run.err()).doesNotContain(VALUE);
        }
        Run delete = hoist("", "secret", "delete", "--app", "shop", "--group", "web", "API_KEY");
        assertThat(delete.exit()).isZero();
        assertThat(hoist("", "secret", "list", "--app", "shop", "--group", "web").out()).doesNotContain("API_KEY");
    }

    @Test
    void anEmptyValueIsAUsageErrorAndTheValueIsNoArgument() {
        Run empty = hoist("", "secret", "set", "--app", "shop", "--group", "web", "EMPTY");
        assertThat(empty.exit()).isEqualTo(2);
        assertThat(empty.err()).contains("no value for EMPTY").contains("--from-file");
        Run asArgument = hoist("", "secret", "set", "--app", "shop", "--group", "web", "NAME", VALUE);
        assertThat(asArgument.exit()).isEqualTo(2);
        assertThat(asArgument.err()).doesNotContain("Set secret");
    }

    private static Run hoist(String stdin, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Map<String, String> env = Map.of("HOIST_URL", controller.apiUrl(), "HOIST_TOKEN", controller.adminToken());
        int exit = HoistCli.execute(new CliContext(env, temp, new PrintWriter(out), new PrintWriter(err),
                Clock.systemUTC(), false, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8))), args);
        return new Run(exit, out.toString(), err.toString());
    }

    private record Run(int exit, String out, String err) {
    }
}
