package dev.hoist.controller.source;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hoist.controller.store.DatabaseKind;
import dev.hoist.controller.store.PostgresDatabases;
import dev.hoist.controller.store.SchemaMigrations;
import dev.hoist.controller.store.SqliteConnections;
import java.nio.file.Path;
import java.time.Instant;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Source repositories' rows kept and read back the same on a SQLite file and on PostgreSQL. */
class SourceRepositoryStoreTest {
    private static final Instant CREATED = Instant.parse("2026-12-01T09:00:00Z");

    @TempDir
    Path dataDir;

    @Test
    void sqliteKeepsHostedAndExternalRepositories() {
        roundTrip(SqliteConnections.dataSource(dataDir.resolve("hoist.db")));
    }

    @Test
    void postgresqlKeepsHostedAndExternalRepositories() {
        String schema = PostgresDatabases.createSchema();
        try {
            roundTrip(PostgresDatabases.dataSource(schema));
        } finally {
            PostgresDatabases.dropSchema(schema);
        }
    }

    private static void roundTrip(DataSource database) {
        new SchemaMigrations(database).migrate();
        JdbiSourceRepositoryStore store = new JdbiSourceRepositoryStore(DatabaseKind.of(database).jdbi(database));
        SourceRepository hosted = new SourceRepository("web", SourceRepository.Kind.HOSTED, "the shop", null, null,
                null, null, "alice", CREATED, null, null);
        SourceRepository external = new SourceRepository("upstream", SourceRepository.Kind.EXTERNAL, null,
                "https://example.org/x.git", 300, "v1:hook", "v1:credentials", "bob", CREATED.plusSeconds(1), null,
                null);

        assertThat(store.insert(hosted)).isTrue();
        assertThat(store.insert(external)).isTrue();
        assertThat(store.insert(hosted)).as("the name is taken").isFalse();
        assertThat(store.list()).containsExactly(external, hosted);

        Instant fetched = CREATED.plusSeconds(60);
        store.recordFetch("upstream", fetched, "x".repeat(3000));
        SourceRepository failed = store.find("upstream").orElseThrow();
        assertThat(failed.lastFetchAt()).isEqualTo(fetched);
        assertThat(failed.lastFetchError()).hasSize(2000);
        store.recordFetch("upstream", fetched.plusSeconds(1), null);
        assertThat(store.find("upstream").orElseThrow().lastFetchError()).isNull();

        assertThat(store.delete("web")).isTrue();
        assertThat(store.delete("web")).isFalse();
        assertThat(store.find("web")).isEmpty();
    }
}
