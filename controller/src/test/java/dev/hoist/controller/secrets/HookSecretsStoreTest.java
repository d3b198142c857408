package dev.hoist.controller.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hoist.controller.testing.TestStores;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Clock;
import java.util.Base64;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sealing and opening over a real SQLite (and PostgreSQL) store with the real key file. */
class HookSecretsStoreTest {
    private static final String POSTGRES = "jdbc:postgresql://127.0.0.1:5432/test";
    @TempDir
    Path temp;

    private Jdbi jdbi;

    @BeforeEach
    void store() {
        jdbi = TestStores.sqlite(temp.resolve("hoist.db"));
        addGroups(jdbi);
    }

    private static void addGroups(Jdbi jdbi) {
        jdbi.useHandle(handle -> {
            handle.execute("INSERT INTO applications (name, created_at, created_by) VALUES ('shop', 0, 'test')");
            for (String id : new String[] {"g-1", "g-2"}) {
                handle.execute("INSERT INTO deployment_groups (id, application, name, config_name, auto_rollback, "
                        + "health_checks, script_timeout_limit_seconds, created_at) VALUES (?, 'shop', ?, "
                        + "'OneAtATime', '{}', '[]', 0, 0)", id, "group-" + id);
            }
        });
    }

    @Test
    void valuesAreOpenedForHooksAndAChangeIsSeenAtOnce() throws IOException {
        setOpenReplaceDelete(jdbi);
    }

    /** The same on PostgreSQL (its upsert and its text columns), in a schema of its own. */
    @Test
    void valuesAreOpenedForHooksAndAChangeIsSeenAtOnceOnPostgres() throws Exception {
        String schema = "secrets_" + Long.toHexString(System.nanoTime());
        try (Connection admin = DriverManager.getConnection(POSTGRES, "postgres", "")) {
            admin.createStatement().execute("CREATE SCHEMA " + schema);
            try {
                Jdbi postgres = TestStores.postgres(POSTGRES + "?currentSchema=" + schema, "postgres");
                addGroups(postgres);
                setOpenReplaceDelete(postgres);
            } finally {
                admin.createStatement().execute("DROP SCHEMA " + schema + " CASCADE");
            }
        }
    }

    private void setOpenReplaceDelete(Jdbi jdbi) throws IOException {
        HookSecrets secrets = new SecretsFactory().build(jdbi, temp, Clock.systemUTC());
        secrets.set("g-1", "A", "first");
        secrets.set("g-1", "B", "line one\nline two");
        assertThat(secrets.forHooks("g-1")).isEqualTo(Map.of("A", "first", "B", "line one\nline two"));
        assertThat(secrets.forHooks("g-2")).isEmpty();

        secrets.set("g-1", "A", "second");
        assertThat(secrets.forHooks("g-1")).containsEntry("A", "second");
        secrets.delete("g-1", "B");
        assertThat(secrets.forHooks("g-1")).isEqualTo(Map.of("A", "second"));
        assertThat(secrets.list("g-1")).extracting(HookSecrets.Entry::name).containsExactly("A");
    }

    @Test
    void aSealedValueMovedToAnotherRowDoesNotOpen() throws IOException {
        HookSecrets secrets = new SecretsFactory().build(jdbi, temp, Clock.systemUTC());
        secrets.set("g-1", "A", "only for g-1");
        jdbi.useHandle(handle -> handle.execute("INSERT INTO group_secrets (group_id, name, sealed, updated_at) "
                + "SELECT 'g-2', name, sealed, updated_at FROM group_secrets WHERE group_id = 'g-1'"));

        assertThatThrownBy(() -> secrets.forHooks("g-2")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("secrets key does not open it").hasMessageNotContaining("only for g-1");
    }

    @Test
    void aControllerWithAnotherKeyRefusesToStartAndNamesTheSecret() throws IOException {
        new SecretsFactory().build(jdbi, temp, Clock.systemUTC()).set("g-1", "DB_PASSWORD", "pw");
        Path other = temp.resolve("other.key");
        Files.writeString(other, Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef"
                .getBytes(StandardCharsets.US_ASCII)));
        SecretsFactory configured = new SecretsFactory();
        configured.setKeyFile(other.toString());

        assertThatThrownBy(() -> configured.build(jdbi, temp, Clock.systemUTC()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("DB_PASSWORD")
                .hasMessageContaining("secrets.keyFile").hasMessageNotContaining("pw\"");
    }

    @Test
    void aConfiguredKeyFileThatIsMissingOrMalformedIsRefused() throws IOException {
        SecretsFactory missing = new SecretsFactory();
        missing.setKeyFile(temp.resolve("nope.key").toString());
        assertThatThrownBy(() -> missing.build(jdbi, temp, Clock.systemUTC())).isInstanceOf(IOException.class)
                .hasMessageContaining("does not exist").hasMessageContaining("openssl rand -base64 32");
        Path shortKey = temp.resolve("short.key");
        Files.writeString(shortKey, Base64.getEncoder().encodeToString(new byte[16]));
        SecretsFactory tooShort = new SecretsFactory();
        tooShort.setKeyFile(shortKey.toString());
        assertThatThrownBy(() -> tooShort.build(jdbi, temp, Clock.systemUTC())).isInstanceOf(IOException.class)
                .hasMessageContaining("holds 16 bytes");
    }
}
