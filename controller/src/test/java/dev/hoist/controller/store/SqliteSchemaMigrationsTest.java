package dev.hoist.controller.store;

import java.nio.file.Path;
import javax.sql.DataSource;
import org.junit.jupiter.api.io.TempDir;

/** The migrations on a SQLite file: SQLite rolls DDL back, so a failed migration leaves nothing behind. */
class SqliteSchemaMigrationsTest extends SchemaMigrationsContractTest {
    @TempDir
    Path dataDir;

    @Override
    DataSource freshDatabase() {
        return SqliteConnections.dataSource(dataDir.resolve("hoist.db"));
    }
}
