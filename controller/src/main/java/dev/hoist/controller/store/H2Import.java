package dev.hoist.controller.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves the H2 store of an earlier release ({@code <dataDir>/hoist.mv.db}) into the SQLite store, on the
 * first start that finds it and no {@code <dataDir>/hoist.db}.
 *
 * <p>The SQLite schema is built in a staging file, every H2 table's rows are copied into it in one
 * transaction (foreign keys checked at its commit) and counted, and only then is the staging file renamed
 * to {@code hoist.db}. So a failed import leaves no half-filled store behind, and the next start tries
 * again. The H2 file is opened read-only and never deleted: after a successful import it is renamed to
 * {@code hoist.mv.db.imported-<UTC timestamp>}; after a failed one it is left exactly as it was.
 */
final class H2Import {
    static final String H2_FILE = "hoist.mv.db";
    private static final Logger LOG = LoggerFactory.getLogger(H2Import.class);
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    /** The earlier release's own bookkeeping; Flyway keeps the SQLite store's. */
    private static final String LEGACY_MIGRATIONS = "SCHEMA_MIGRATIONS";
    private static final int BATCH = 1000;

    private final Path dataDir;
    private final Clock clock;

    H2Import(Path dataDir, Clock clock) {
        this.dataDir = dataDir;
        this.clock = clock;
    }

    /**
     * Imports the H2 store if there is one to import.
     *
     * @return whether it imported
     * @throws IllegalStateException when the import failed; it names the file and what to do
     */
    boolean importIfPresent() {
        Path h2 = dataDir.resolve(H2_FILE);
        Path target = dataDir.resolve(DatabaseFactory.SQLITE_FILE);
        if (!Files.exists(h2)) {
            return false;
        }
        if (Files.exists(target)) {
            LOG.warn("{} is not used: the store is {}. It is left over from an earlier release and may be removed.",
                    h2, target);
            return false;
        }
        Path staging = dataDir.resolve(DatabaseFactory.SQLITE_FILE + ".importing");
        long rows;
        try {
            deleteStaging(staging);
            rows = copy(h2, staging);
            Path wal = staging.resolveSibling(staging.getFileName() + "-wal");
            if (Files.exists(wal) && Files.size(wal) > 0) {
                throw new IOException("the staging store " + staging + " still has a write-ahead log after closing");
            }
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            syncDirectory();
        } catch (Exception e) {
            try {
                deleteStaging(staging);
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw new IllegalStateException("Cannot import the H2 store " + h2 + " into " + target + ": "
                    + e.getMessage() + ". The H2 file is unchanged. Fix the cause and start the controller again "
                    + "to retry the import; to start with an empty store instead, move " + h2 + " out of "
                    + dataDir + ".", e);
        }
        Path kept = dataDir.resolve(H2_FILE + ".imported-" + STAMP.format(clock.instant()));
        try {
            Files.move(h2, kept, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            LOG.warn("Imported {} rows from the H2 store {} into {}, but could not rename the H2 file ({}); it is no "
                    + "longer used and may be moved away", rows, h2, target, e.getMessage());
            return true;
        }
        LOG.info("Imported {} rows from the H2 store {} into the SQLite store {}; the H2 file is kept as {}",
                rows, h2, target, kept);
        return true;
    }

    /** Builds the schema in {@code staging} and copies every row into it; returns how many. */
    private long copy(Path h2, Path staging) throws SQLException {
        DataSource sqlite = SqliteConnections.dataSource(staging);
        new SchemaMigrations(sqlite).migrate();
        try (Connection from = openH2(h2); Connection to = sqlite.getConnection()) {
            execute(to, "BEGIN IMMEDIATE");
            execute(to, "PRAGMA defer_foreign_keys = ON");
            long total = 0;
            for (String table : tables(from)) {
                total += copyTable(from, to, table);
            }
            execute(to, "COMMIT");
            // Fold the log into the file, so that the renamed file holds everything on its own.
            execute(to, "PRAGMA wal_checkpoint(TRUNCATE)");
            return total;
        }
    }

    private static Connection openH2(Path h2) throws SQLException {
        String base = h2.toAbsolutePath().toString();
        base = base.substring(0, base.length() - ".mv.db".length());
        // Read-only, and never create: a missing or renamed file must fail rather than import nothing.
        String url = "jdbc:h2:file:" + base + ";IFEXISTS=TRUE;ACCESS_MODE_DATA=r";
        Properties credentials = new Properties();
        credentials.setProperty("user", "");
        credentials.setProperty("password", "");
        Connection connection = new org.h2.Driver().connect(url, credentials);
        if (connection == null) {
            throw new SQLException("the H2 driver does not accept " + url);
        }
        return connection;
    }

    private static List<String> tables(Connection h2) throws SQLException {
        List<String> tables = new ArrayList<>();
        try (Statement statement = h2.createStatement();
                ResultSet rs = statement.executeQuery("SELECT TABLE_NAME FROM INFORMATION_SCHEMA.TABLES "
                        + "WHERE TABLE_SCHEMA = 'PUBLIC' AND TABLE_TYPE = 'BASE TABLE' ORDER BY TABLE_NAME")) {
            while (rs.next()) {
                if (!LEGACY_MIGRATIONS.equalsIgnoreCase(rs.getString(1))) {
                    tables.add(rs.getString(1));
                }
            }
        }
        return tables;
    }

    /** Copies every row of {@code table}, column by name, and checks that SQLite holds as many. */
    private static long copyTable(Connection from, Connection to, String table) throws SQLException {
        String target = table.toLowerCase(Locale.ROOT);
        long rows = 0;
        try (Statement select = from.createStatement();
                ResultSet rs = select.executeQuery("SELECT * FROM \"" + table + "\"")) {
            ResultSetMetaData meta = rs.getMetaData();
            int columns = meta.getColumnCount();
            List<String> names = new ArrayList<>();
            for (int i = 1; i <= columns; i++) {
                names.add(meta.getColumnName(i).toLowerCase(Locale.ROOT));
            }
            String insert = "INSERT INTO " + target + " (" + String.join(", ", names) + ") VALUES ("
                    + String.join(", ", Collections.nCopies(columns, "?")) + ")";
            try (PreparedStatement batch = to.prepareStatement(insert)) {
                while (rs.next()) {
                    for (int i = 1; i <= columns; i++) {
                        Object value = rs.getObject(i);
                        if (value instanceof Boolean flag) {
                            batch.setInt(i, flag ? 1 : 0);
                        } else {
                            batch.setObject(i, value);
                        }
                    }
                    batch.addBatch();
                    if (++rows % BATCH == 0) {
                        batch.executeBatch();
                    }
                }
                batch.executeBatch();
            } catch (SQLException e) {
                throw new SQLException("copying table " + target + " failed: " + e.getMessage(), e);
            }
        }
        try (Statement count = to.createStatement();
                ResultSet rs = count.executeQuery("SELECT COUNT(*) FROM " + target)) {
            rs.next();
            if (rs.getLong(1) != rows) {
                throw new SQLException("table " + target + " has " + rs.getLong(1) + " rows in SQLite after copying "
                        + rows + " from H2");
            }
        }
        return rows;
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static void deleteStaging(Path staging) throws IOException {
        for (String suffix : new String[] {"", "-wal", "-shm", "-journal"}) {
            Files.deleteIfExists(staging.resolveSibling(staging.getFileName() + suffix));
        }
    }

    /** Makes the rename itself durable: the directory entry is data too. */
    private void syncDirectory() throws IOException {
        try (FileChannel directory = FileChannel.open(dataDir, StandardOpenOption.READ)) {
            directory.force(true);
        }
    }
}
