package dev.hoist.controller.store;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;

/**
 * The databases the store runs on. The store code is the same on both; what differs is the driver, the
 * schema migrations (column types for generated keys) and, on SQLite, how write transactions begin.
 */
public enum DatabaseKind {
    /** One file in the data directory: the embedded default, for one controller. */
    SQLITE("org.sqlite.JDBC", "sqlite"),
    /** Shared by several controllers. */
    POSTGRESQL("org.postgresql.Driver", "postgresql");

    private final String driverClass;
    private final String migrationFolder;

    DatabaseKind(String driverClass, String migrationFolder) {
        this.driverClass = driverClass;
        this.migrationFolder = migrationFolder;
    }

    /**
     * The kind behind a JDBC URL. H2, which Hoist used first, is refused: it does not promise that a
     * committed transaction survives a crash, and Hoist lost committed deployments on it once.
     */
    public static DatabaseKind of(String jdbcUrl) {
        if (jdbcUrl.startsWith("jdbc:sqlite:")) {
            return SQLITE;
        }
        if (jdbcUrl.startsWith("jdbc:postgresql:")) {
            return POSTGRESQL;
        }
        if (jdbcUrl.startsWith("jdbc:h2:")) {
            throw new IllegalArgumentException("database.url '" + jdbcUrl + "' is an H2 database, which Hoist no "
                    + "longer runs on because H2 does not promise that committed changes survive a crash. Remove "
                    + "database.url to use the embedded SQLite store <dataDir>/hoist.db: on its first start the "
                    + "controller imports <dataDir>/hoist.mv.db into it (move your H2 file there as hoist.mv.db "
                    + "if it lives elsewhere). For several controllers, use jdbc:postgresql://HOST:PORT/DATABASE.");
        }
        throw new IllegalArgumentException("database.url '" + jdbcUrl + "' is not supported; use "
                + "jdbc:sqlite:PATH (the default is <dataDir>/hoist.db) or jdbc:postgresql://HOST:PORT/DATABASE");
    }

    /** The kind of database behind {@code dataSource}, from the URL of one of its connections. */
    public static DatabaseKind of(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection()) {
            return of(connection.getMetaData().getURL());
        } catch (SQLException e) {
            throw new IllegalStateException("cannot connect to the store's database: " + e.getMessage(), e);
        }
    }

    public String driverClass() {
        return driverClass;
    }

    /** Where this kind's Flyway migrations live on the class path. */
    String migrationLocation() {
        return "classpath:db/migration/" + migrationFolder;
    }

    /** A Jdbi on {@code dataSource} that begins transactions the way this database needs. */
    public Jdbi jdbi(DataSource dataSource) {
        return configure(Jdbi.create(dataSource));
    }

    /** Sets up a Jdbi built elsewhere (Dropwizard's, with metrics) the same way as {@link #jdbi}. */
    Jdbi configure(Jdbi jdbi) {
        if (this == SQLITE) {
            jdbi.setTransactionHandler(new ImmediateTransactions());
        }
        return jdbi;
    }
}
