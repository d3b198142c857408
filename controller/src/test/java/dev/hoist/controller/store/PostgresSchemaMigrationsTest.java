package dev.hoist.controller.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hoist.controller.core.Agent;
import dev.hoist.controller.core.AgentState;
import dev.hoist.controller.core.deploy.Application;
import dev.hoist.controller.core.deploy.Revision;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The migrations on PostgreSQL, including what only PostgreSQL meets: databases made by the migrator
 * before Flyway, and several controllers starting at once.
 */
class PostgresSchemaMigrationsTest extends SchemaMigrationsContractTest {
    private static final Instant T0 = Instant.parse("2025-01-01T10:00:00Z");
    private static final int CONTROLLERS = 4;

    private String schema;

    @Override
    DataSource freshDatabase() {
        schema = PostgresDatabases.createSchema();
        return PostgresDatabases.dataSource(schema);
    }

    @AfterEach
    void dropSchema() {
        PostgresDatabases.dropSchema(schema);
    }

    @Test
    void aDatabaseOfTheOldMigratorAtItsNewestVersionIsAdoptedWithItsRows() {
        LegacySchema.create(jdbi, LegacySchema.NEWEST);
        Agent agent = new Agent("agt-1", "web-1", Map.of("role", "web"), "0.1.0", "Linux", T0, T0,
                AgentState.DISCONNECTED, T0, null);
        new JdbiAgentStore(jdbi).insert(agent);
        new JdbiApplicationStore(jdbi).insert(new Application("shop", T0, "admin"));

        assertThat(new SchemaMigrations(database).migrate()).isEqualTo(MigrationFiles.NEWEST);

        assertThat(new JdbiAgentStore(jdbi).find("agt-1")).contains(agent);
        assertThat(new JdbiApplicationStore(jdbi).find("shop")).isPresent();
        assertThat(history()).isEqualTo(MigrationFiles.historyAfterBaseline(LegacySchema.NEWEST));
        assertThat(legacyVersions()).isEqualTo(LegacySchema.NEWEST);
    }

    @Test
    void aDatabaseOfTheOldMigratorAtAnOlderVersionGetsOnlyTheLaterOnes() {
        LegacySchema.create(jdbi, 2);
        new JdbiApplicationStore(jdbi).insert(new Application("shop", T0, "admin"));
        Revision revision = new Revision("rev-1", "shop", "a".repeat(64), 10, "tgz", null, null, T0, "ci");
        // Written as that version's columns hold it: today's store writes columns later versions added.
        jdbi.useHandle(handle -> handle.createUpdate("INSERT INTO revisions (id, application, sha256, size_bytes, "
                        + "bundle_type, description, source_commit, created_at, created_by) VALUES (:id, :application, "
                        + ":sha256, :size, :type, NULL, NULL, :createdAt, :createdBy)")
                .bind("id", revision.id()).bind("application", revision.application())
                .bind("sha256", revision.sha256()).bind("size", revision.sizeBytes()).bind("type", revision.bundleType())
                .bind("createdAt", revision.createdAt().toEpochMilli()).bind("createdBy", revision.createdBy())
                .execute());

        assertThat(new SchemaMigrations(database).migrate()).isEqualTo(MigrationFiles.NEWEST);

        assertThat(history()).isEqualTo(MigrationFiles.historyAfterBaseline(2));
        assertThat(new JdbiRevisionStore(jdbi).find("rev-1")).contains(revision);
        // The later versions' tables are there and work.
        assertThat(new JdbiDeploymentStore(jdbi, 10).unfinished()).isEmpty();
    }

    @Test
    void controllersStartingAtOnceOnAnEmptyDatabaseMigrateOnce() throws Exception {
        List<Integer> versions = startAtOnce();

        assertThat(versions).containsOnly(MigrationFiles.NEWEST);
        assertThat(history()).isEqualTo(MigrationFiles.historyFromEmpty());
    }

    @Test
    void controllersStartingAtOnceOnAnOldDatabaseAdoptItOnce() throws Exception {
        LegacySchema.create(jdbi, 2);
        new JdbiApplicationStore(jdbi).insert(new Application("shop", T0, "admin"));

        List<Integer> versions = startAtOnce();

        assertThat(versions).containsOnly(MigrationFiles.NEWEST);
        assertThat(history()).isEqualTo(MigrationFiles.historyAfterBaseline(2));
        assertThat(new JdbiApplicationStore(jdbi).find("shop")).isPresent();
    }

    /** Runs the migrations of {@value #CONTROLLERS} controllers released together; returns their versions. */
    private List<Integer> startAtOnce() throws Exception {
        ExecutorService controllers = Executors.newFixedThreadPool(CONTROLLERS);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Integer>> started = new ArrayList<>();
            for (int i = 0; i < CONTROLLERS; i++) {
                DataSource own = PostgresDatabases.dataSource(schema);
                Callable<Integer> start = () -> {
                    go.await();
                    return new SchemaMigrations(own).migrate();
                };
                started.add(controllers.submit(start));
            }
            go.countDown();
            List<Integer> versions = new ArrayList<>();
            for (Future<Integer> each : started) {
                versions.add(each.get(60, TimeUnit.SECONDS));
            }
            return versions;
        } finally {
            controllers.shutdownNow();
        }
    }

    private List<String> history() {
        return jdbi.withHandle(h -> h.createQuery("SELECT version || ' ' || type FROM flyway_schema_history "
                + "WHERE version IS NOT NULL ORDER BY installed_rank").mapTo(String.class).list());
    }

    private int legacyVersions() {
        return jdbi.withHandle(h -> h.createQuery("SELECT MAX(version) FROM schema_migrations").mapTo(Integer.class).one());
    }
}
