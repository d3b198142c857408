package dev.hoist.cli.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hoist.cli.config.CliConfig;
import dev.hoist.cli.config.ConfigFile;
import dev.hoist.cli.config.SavedContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Flags, then HOIST_URL/HOIST_TOKEN, then the current context, then the local controller's admin.token. */
class ConnectionPrecedenceTest {
    @TempDir
    Path dir;

    private final Map<String, String> env = new HashMap<>();

    @BeforeEach
    void savedContextsAndALocalAdminToken() throws Exception {
        env.put("XDG_CONFIG_HOME", dir.resolve("config").toString());
        new ConfigFile(dir.resolve("config/hoist/config.yml")).save(CliConfig.EMPTY
                .withCurrent(new SavedContext("staging", "http://staging:8080", "from-staging", null))
                .withCurrent(new SavedContext("prod", "http://prod:8080/", "from-prod", null)));
        Files.createDirectories(dir.resolve("hoist-data"));
        Files.writeString(dir.resolve("hoist-data/admin.token"), "from-admin-file\n");
    }

    @Test
    void theCurrentContextComesBeforeTheLocalAdminToken() {
        Connection connection = Connection.resolve(null, null, null, env, dir);

        assertThat(connection.url()).hasToString("http://prod:8080");
        assertThat(connection.token()).isEqualTo("from-prod");
        assertThat(connection.tokenSource()).isEqualTo("context 'prod'");
    }

    @Test
    void theEnvironmentComesBeforeTheContext() {
        env.put("HOIST_TOKEN", "from-env");
        assertThat(Connection.resolve(null, null, null, env, dir).token()).isEqualTo("from-env");
        assertThat(Connection.resolve(null, null, null, env, dir).url()).hasToString("http://prod:8080");

        env.put("HOIST_URL", "http://elsewhere:1");
        assertThat(Connection.resolve(null, null, null, env, dir).url()).hasToString("http://elsewhere:1");
    }

    @Test
    void flagsComeBeforeTheEnvironment() {
        env.put("HOIST_TOKEN", "from-env");
        env.put("HOIST_URL", "http://env:1");

        Connection connection = Connection.resolve("http://flag:2", "from-flag", null, env, dir);

        assertThat(connection.url()).hasToString("http://flag:2");
        assertThat(connection.token()).isEqualTo("from-flag");
        assertThat(Connection.resolve(null, null, "staging", Map.of("XDG_CONFIG_HOME", env.get("XDG_CONFIG_HOME")),
                dir).token()).isEqualTo("from-staging");
    }

    @Test
    void aContextsTokenNeverGoesToAnotherController() {
        env.put("HOIST_URL", "http://someone-else:8080");

        Connection connection = Connection.resolve(null, null, null, env, dir);

        assertThat(connection.token()).isEqualTo("from-admin-file");
        assertThat(Connection.resolve("http://prod:8080", null, null, env, dir).token()).isEqualTo("from-prod");
    }

    @Test
    void withoutAContextTheLocalControllerIsUsed() {
        env.put("XDG_CONFIG_HOME", dir.resolve("empty").toString());

        Connection connection = Connection.resolve(null, null, null, env, dir);

        assertThat(connection.url()).hasToString(Connection.DEFAULT_URL);
        assertThat(connection.token()).isEqualTo("from-admin-file");
    }

    @Test
    void anUnknownContextFlagIsAUsageError() {
        assertThatThrownBy(() -> Connection.resolve(null, null, "nope", env, dir))
                .isInstanceOf(CliFailure.class).hasMessageContaining("no context 'nope'")
                .hasMessageContaining("hoist context list");
    }
}
