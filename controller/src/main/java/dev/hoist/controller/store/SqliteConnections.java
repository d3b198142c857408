package dev.hoist.controller.store;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import javax.sql.DataSource;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * How every connection to a SQLite store is opened. These are per-connection settings, so they go to the
 * driver with each connection rather than being run once:
 * <ul>
 *   <li>{@code journal_mode=WAL}: readers never block the writer, nor the writer readers;</li>
 *   <li>{@code synchronous=FULL}: in WAL mode, NORMAL may lose the last commits on power loss; FULL
 *       syncs the log at every commit, which is what an acknowledgement promises;</li>
 *   <li>{@code foreign_keys=ON}: SQLite enforces the schema's references only when asked, per
 *       connection;</li>
 *   <li>a busy timeout: a writer waits this long for another writer's lock before SQLITE_BUSY;</li>
 *   <li>{@code transaction_mode=IMMEDIATE} for transactions begun through JDBC (Flyway's): they take
 *       the write lock when they begin; Jdbi's go through {@link ImmediateTransactions}.</li>
 * </ul>
 */
public final class SqliteConnections {
    /** Long enough that a queue of writers behind a slow disk waits instead of failing. */
    public static final Duration DEFAULT_BUSY_TIMEOUT = Duration.ofSeconds(30);

    private SqliteConnections() {
    }

    /** The driver properties for the store's connections. */
    public static Properties properties(Duration busyTimeout) {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.enforceForeignKeys(true);
        config.setBusyTimeout(Math.toIntExact(busyTimeout.toMillis()));
        config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        return config.toProperties();
    }

    /** The URL of the SQLite store in {@code file}. */
    public static String url(Path file) {
        return "jdbc:sqlite:" + file.toAbsolutePath();
    }

    /**
     * An unpooled data source on {@code file} with the store's settings (each connection is a new open
     * of the file): for tools, the H2 import and tests. The controller itself uses a pool.
     */
    public static DataSource dataSource(Path file) {
        SQLiteConfig config = new SQLiteConfig(properties(DEFAULT_BUSY_TIMEOUT));
        SQLiteDataSource dataSource = new SQLiteDataSource(config);
        dataSource.setUrl(url(file));
        return dataSource;
    }
}
