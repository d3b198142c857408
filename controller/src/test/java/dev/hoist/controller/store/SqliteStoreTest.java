package dev.hoist.controller.store;

import java.nio.file.Path;
import javax.sql.DataSource;
import org.junit.jupiter.api.io.TempDir;

/** The store contract on a SQLite file, opened as the controller opens its default store. */
class SqliteStoreTest extends StoreContractTest {
    @TempDir
    Path dataDir;

    @Override
    DataSource freshDatabase() {
        return SqliteConnections.dataSource(dataDir.resolve("hoist.db"));
    }
}
