package dev.hoist.controller.store;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Locale;
import java.util.OptionalInt;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the schema up to date with Flyway, from {@code db/migration/sqlite} or
 * {@code db/migration/postgresql} on the class path ({@code V<n>__<what>.sql}). Each applied file is
 * recorded with its checksum in {@code flyway_schema_history}; a file edited after it was applied stops
 * the controller at start. To change the schema, add the next version to both folders.
 *
 * <p>Failures: each migration runs in a transaction of its own on both databases (PostgreSQL and SQLite
 * both roll back DDL), so a migration that fails leaves the schema as the previous version left it, with
 * no history row, and the controller refuses to start. Statements that SQLite cannot run in a transaction
 * (for example {@code PRAGMA foreign_keys}, {@code VACUUM}) have no place in a migration.
 *
 * <p>Several controllers starting at once on one PostgreSQL database migrate once: the whole run holds
 * a PostgreSQL advisory lock, and Flyway takes its own lock too. A SQLite file has only one controller.
 *
 * <p>Adoption: a database made before Flyway, by Hoist's own migrator, has a {@code schema_migrations}
 * table at some version N and no Flyway history. It is baselined at N, so that only later versions are
 * applied and no row is touched; {@code schema_migrations} is left as it was.
 */
public final class SchemaMigrations {
    private static final Logger LOG = LoggerFactory.getLogger(SchemaMigrations.class);
    /** Arbitrary, fixed: the advisory lock key of Hoist's migrations ("hoist" in ASCII). */
    private static final long ADVISORY_LOCK = 0x686f697374L;
    private static final String LEGACY_TABLE = "schema_migrations";
    static final String HISTORY_TABLE = "flyway_schema_history";

    private final DataSource dataSource;
    private final String location;

    public SchemaMigrations(DataSource dataSource) {
        this(dataSource, null);
    }

    /** @param location the migrations to apply; {@code null} for the store's own */
    SchemaMigrations(DataSource dataSource, String location) {
        this.dataSource = dataSource;
        this.location = location;
    }

    /** Adopts a pre-Flyway schema if there is one, applies every pending migration; returns the version. */
    public int migrate() {
        try (Connection lockHolder = dataSource.getConnection()) {
            DatabaseKind kind = DatabaseKind.of(lockHolder.getMetaData().getURL());
            if (kind == DatabaseKind.POSTGRESQL) {
                advisoryLock(lockHolder, "pg_advisory_lock");
            }
            try {
                return migrate(kind, lockHolder);
            } finally {
                if (kind == DatabaseKind.POSTGRESQL) {
                    advisoryLock(lockHolder, "pg_advisory_unlock");
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot migrate the store's schema: " + e.getMessage(), e);
        }
    }

    private int migrate(DatabaseKind kind, Connection connection) throws SQLException {
        Flyway flyway = Flyway.configure()
                .dataSource(dataSource)
                .locations(location != null ? location : kind.migrationLocation())
                .table(HISTORY_TABLE)
                .validateMigrationNaming(true)
                .failOnMissingLocations(true)
                .cleanDisabled(true)
                .load();
        // The newest version this controller has a file for (all() also lists applied ones it has not).
        int newest = newestOf(Arrays.stream(flyway.info().all())
                .filter(migration -> migration.getState().isResolved())
                .toArray(MigrationInfo[]::new));
        boolean hasHistory = tableExists(connection, HISTORY_TABLE);
        if (!hasHistory) {
            OptionalInt legacy = legacyVersion(connection);
            if (legacy.isPresent()) {
                refuseNewer(legacy.getAsInt(), newest);
                LOG.info("Adopting the schema made by Hoist's earlier migrator at version {}: Flyway starts from a "
                        + "baseline there and applies only later versions", legacy.getAsInt());
                Flyway.configure()
                        .configuration(flyway.getConfiguration())
                        .baselineVersion(MigrationVersion.fromVersion(Integer.toString(legacy.getAsInt())))
                        .baselineDescription("adopted from " + LEGACY_TABLE)
                        .load()
                        .baseline();
            }
        } else {
            // Flyway itself would ignore versions it has no file for ("future" ones) and start.
            refuseNewer(newestOf(flyway.info().applied()), newest);
        }
        var result = flyway.migrate();
        if (result.migrationsExecuted > 0) {
            LOG.info("Applied {} schema migration(s); the schema is at version {}", result.migrationsExecuted,
                    result.targetSchemaVersion);
        }
        return newestOf(flyway.info().applied());
    }

    private static int newestOf(MigrationInfo[] migrations) {
        return Arrays.stream(migrations)
                .map(MigrationInfo::getVersion)
                .filter(version -> version != null)
                .mapToInt(version -> Integer.parseInt(version.getVersion()))
                .max().orElse(0);
    }

    private static void refuseNewer(int version, int newest) {
        if (version > newest) {
            throw new IllegalStateException("The database schema is at version " + version
                    + " but this controller only knows versions up to " + newest
                    + "; run the controller release that created it, or a newer one.");
        }
    }

    private static OptionalInt legacyVersion(Connection connection) throws SQLException {
        if (!tableExists(connection, LEGACY_TABLE)) {
            return OptionalInt.empty();
        }
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT MAX(version) FROM " + LEGACY_TABLE)) {
            rs.next();
            int version = rs.getInt(1);
            return rs.wasNull() ? OptionalInt.empty() : OptionalInt.of(version);
        }
    }

    /** Whether {@code table} exists in the connection's current schema (any case of its name). */
    private static boolean tableExists(Connection connection, String table) throws SQLException {
        DatabaseMetaData meta = connection.getMetaData();
        // PostgreSQL: the schema that unqualified names resolve to; SQLite has one (main) and no schema name.
        String schema = meta.getURL().startsWith("jdbc:postgresql:") ? connection.getSchema() : null;
        for (String name : new String[] {table, table.toUpperCase(Locale.ROOT)}) {
            try (ResultSet rs = meta.getTables(null, schema, name, new String[] {"TABLE"})) {
                if (rs.next()) {
                    return true;
                }
            }
        }
        return false;
    }

    private static void advisoryLock(Connection connection, String function) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT " + function + "(?)")) {
            statement.setLong(1, ADVISORY_LOCK);
            statement.execute();
        }
    }
}
