package dev.hoist.controller.testing;

import dev.hoist.controller.store.DatabaseKind;
import dev.hoist.controller.store.SchemaMigrations;
import dev.hoist.controller.store.SqliteConnections;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;
import org.postgresql.ds.PGSimpleDataSource;

/** Stores for tests that need a real one but are not about the store, migrated as the controller migrates. */
public final class TestStores {
    private TestStores() {
    }

    /** A migrated SQLite store in {@code file}, opened as the controller opens it. */
    public static Jdbi sqlite(Path file) {
        DataSource dataSource = SqliteConnections.dataSource(file);
        new SchemaMigrations(dataSource).migrate();
        return DatabaseKind.SQLITE.jdbi(dataSource);
    }

    /** A migrated PostgreSQL store at {@code url} (a database, or a schema with {@code ?currentSchema=}). */
    public static Jdbi postgres(String url, String user) {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(url);
        dataSource.setUser(user);
        new SchemaMigrations(dataSource).migrate();
        return DatabaseKind.POSTGRESQL.jdbi(dataSource);
    }

    /** A migrated SQLite store in a temporary directory of its own, removed when the JVM exits. */
    public static Jdbi sqliteInTemporaryDirectory(String prefix) {
        try {
            Path dir = Files.createTempDirectory(prefix);
            // deleteOnExit runs in reverse order of registration: the files first, then the directory.
            dir.toFile().deleteOnExit();
            for (String name : new String[] {"hoist.db", "hoist.db-wal", "hoist.db-shm"}) {
                new File(dir.toFile(), name).deleteOnExit();
            }
            return sqlite(dir.resolve("hoist.db"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
