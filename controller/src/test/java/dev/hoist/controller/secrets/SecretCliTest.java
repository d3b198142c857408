package dev.hoist.controller.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hoist.controller.AgainstRunningController;
import dev.hoist.controller.testing.InProcessCli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code hoist secret set|list|delete} in-process against a real controller: values in from stdin or a file, never out. */
class SecretCliTest extends AgainstRunningController {
    private static final String VALUE = "cli-s3cret-" + Long.toHexString(System.nanoTime());

    @BeforeAll
    static void createGroup() {
        controller.call("POST", "/api/v1/applications", admin, "{\"name\": \"shop\"}");
        controller.call("POST", "/api/v1/applications/shop/deployment-groups", admin,
                "{\"name\": \"web\", \"tagSet\": [[\"role=web\"]]}");
    }

    @Test
    void aValueComesFromStandardInputOrAFileAndIsNeverPrinted() throws Exception {
        InProcessCli fromStdin = hoist(VALUE + "\n", "secret", "set", "--app", "shop", "--group", "web", "DB_PASSWORD");
        Path file = temp.resolve("value");
        Files.writeString(file, VALUE + "-file");
        InProcessCli fromFile = hoist("", "secret", "set", "--app", "shop", "--group", "web", "API_KEY", "--from-file",
                file.toString(), "--output", "json");
        InProcessCli list = hoist("", "secret", "list", "--app", "shop", "--group", "web");

        assertThat(fromStdin.exit()).as(fromStdin.err()).isZero();
        assertThat(fromStdin.out()).contains("Set secret DB_PASSWORD of group web");
        assertThat(fromFile.exit()).as(fromFile.err()).isZero();
        assertThat(list.out()).contains("DB_PASSWORD").contains("API_KEY");
        for (InProcessCli run : new InProcessCli[] {fromStdin, fromFile, list}) {
            assertThat(run.out() + run.err()).doesNotContain(VALUE);
        }
        InProcessCli delete = hoist("", "secret", "delete", "--app", "shop", "--group", "web", "API_KEY");
        assertThat(delete.exit()).isZero();
        assertThat(hoist("", "secret", "list", "--app", "shop", "--group", "web").out()).doesNotContain("API_KEY");
    }

    @Test
    void anEmptyValueIsAUsageErrorAndTheValueIsNoArgument() {
        InProcessCli empty = hoist("", "secret", "set", "--app", "shop", "--group", "web", "EMPTY");
        assertThat(empty.exit()).isEqualTo(2);
        assertThat(empty.err()).contains("no value for EMPTY").contains("--from-file");
        InProcessCli asArgument = hoist("", "secret", "set", "--app", "shop", "--group", "web", "NAME", VALUE);
        assertThat(asArgument.exit()).isEqualTo(2);
        assertThat(asArgument.err()).doesNotContain("Set secret");
    }

    private static InProcessCli hoist(String stdin, String... args) {
        return InProcessCli.run(Map.of("HOIST_URL", controller.apiUrl(), "HOIST_TOKEN", controller.adminToken()), temp,
                stdin, args);
    }

}
