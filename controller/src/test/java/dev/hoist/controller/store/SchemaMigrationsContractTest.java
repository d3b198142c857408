package dev.hoist.controller.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the migrations promise, on every database Hoist supports. */
abstract class SchemaMigrationsContractTest {
    DataSource database;
    Jdbi jdbi;

    /** An empty database (or schema) of its own. */
    abstract DataSource freshDatabase() throws Exception;

    @BeforeEach
    void open() throws Exception {
        database = freshDatabase();
        jdbi = DatabaseKind.of(database).jdbi(database);
    }

    @Test
    void anEmptyDatabaseGetsEveryVersionEachRecordedWithItsChecksum() {
        assertThat(new SchemaMigrations(database).migrate()).isEqualTo(MigrationFiles.NEWEST);

        List<String> versions = jdbi.withHandle(h -> h.createQuery("SELECT version || ' ' || type "
                + "FROM flyway_schema_history WHERE success = TRUE AND checksum IS NOT NULL ORDER BY installed_rank")
                .mapTo(String.class).list());
        assertThat(versions).isEqualTo(MigrationFiles.historyFromEmpty());
    }

    @Test
    void anAppliedMigrationThatWasEditedStopsTheStart() {
        new SchemaMigrations(database).migrate();
        jdbi.useHandle(h -> h.execute("UPDATE flyway_schema_history SET checksum = checksum + 1 WHERE version = '2'"));

        assertThatThrownBy(() -> new SchemaMigrations(database).migrate()).hasMessageContaining("checksum");
    }

    @Test
    void aFailedMigrationLeavesTheSchemaOfThePreviousVersionAndIsNotRecorded() throws SQLException {
        SchemaMigrations failing = new SchemaMigrations(database, "classpath:migrations-failing");

        assertThatThrownBy(failing::migrate).hasMessageContaining("no_such_table");

        assertThat(tableExists("kept")).isTrue();
        assertThat(tableExists("half_built")).isFalse();
        List<String> recorded = jdbi.withHandle(h -> h.createQuery("SELECT version FROM flyway_schema_history "
                + "WHERE version IS NOT NULL").mapTo(String.class).list());
        assertThat(recorded).containsExactly("1");
        // The next start tries it again: no record of the failure has to be repaired by hand first.
        assertThatThrownBy(failing::migrate).hasMessageContaining("no_such_table");
        assertThat(tableExists("half_built")).isFalse();
    }

    boolean tableExists(String table) throws SQLException {
        return jdbi.withHandle(h -> {
            try (var rs = h.getConnection().getMetaData().getTables(null,
                    DatabaseKind.of(database) == DatabaseKind.POSTGRESQL ? h.getConnection().getSchema() : null,
                    table, new String[] {"TABLE"})) {
                return rs.next();
            }
        });
    }
}
