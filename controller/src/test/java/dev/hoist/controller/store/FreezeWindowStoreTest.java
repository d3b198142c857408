package dev.hoist.controller.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hoist.controller.safety.FreezeWindow;
import dev.hoist.controller.safety.JdbiFreezeWindowStore;
import dev.hoist.controller.safety.WeeklySpan;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Freeze windows kept and read back the same on a SQLite file and on PostgreSQL (a schema of its own). */
class FreezeWindowStoreTest {
    private static final Instant CREATED = Instant.parse("2025-12-01T09:00:00Z");

    @TempDir
    Path dataDir;

    @Test
    void sqliteKeepsOneOffAndWeeklyWindows() {
        roundTrip(SqliteConnections.dataSource(dataDir.resolve("hoist.db")));
    }

    @Test
    void postgresqlKeepsOneOffAndWeeklyWindows() {
        String schema = PostgresDatabases.createSchema();
        try {
            roundTrip(PostgresDatabases.dataSource(schema));
        } finally {
            PostgresDatabases.dropSchema(schema);
        }
    }

    private static void roundTrip(DataSource database) {
        new SchemaMigrations(database).migrate();
        JdbiFreezeWindowStore store = new JdbiFreezeWindowStore(DatabaseKind.of(database).jdbi(database));
        FreezeWindow once = new FreezeWindow("fw-1", "shop", "web", Instant.parse("2025-12-24T00:00:00Z"),
                Instant.parse("2025-12-27T00:00:00Z"), null, "holidays", "alice", CREATED);
        FreezeWindow weekly = new FreezeWindow("fw-2", null, null, null, null, new WeeklySpan(DayOfWeek.FRIDAY,
                LocalTime.of(16, 0), DayOfWeek.MONDAY, LocalTime.of(8, 0), ZoneId.of("Europe/Berlin")), null, "bob",
                CREATED.plusSeconds(1));

        store.insert(once);
        store.insert(weekly);

        assertThat(store.list()).containsExactly(once, weekly);
        assertThat(store.find("fw-2")).contains(weekly);
        assertThat(store.delete("fw-1")).isTrue();
        assertThat(store.delete("fw-1")).isFalse();
        assertThat(store.list()).containsExactly(weekly);
    }
}
