package dev.hoist.controller.store;

import java.nio.file.Path;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.io.TempDir;

/** The store contract on an H2 file database, as the controller uses by default. */
class H2StoreTest extends StoreContractTest {
    @TempDir
    Path dataDir;

    @Override
    Jdbi freshDatabase() {
        return Jdbi.create("jdbc:h2:file:" + dataDir.resolve("hoist").toAbsolutePath() + ";WRITE_DELAY=0");
    }
}
