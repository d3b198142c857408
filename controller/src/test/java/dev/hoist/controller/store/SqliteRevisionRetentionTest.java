package dev.hoist.controller.store;

import java.nio.file.Path;
import javax.sql.DataSource;
import org.junit.jupiter.api.io.TempDir;

class SqliteRevisionRetentionTest extends RevisionRetentionContract {
    @TempDir
    Path dataDir;

    @Override
    DataSource freshDatabase() {
        return SqliteConnections.dataSource(dataDir.resolve("hoist.db"));
    }
}
