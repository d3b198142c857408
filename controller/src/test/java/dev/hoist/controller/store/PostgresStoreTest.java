package dev.hoist.controller.store;

import dev.hoist.controller.core.Secrets;
import java.util.Locale;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;

/**
 * The store contract on PostgreSQL (127.0.0.1:5432, database {@code test}, user {@code postgres}). Each
 * test gets a schema of its own, dropped afterwards, so that runs never see each other's rows.
 */
class PostgresStoreTest extends StoreContractTest {
    private static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/test";

    private String schema;

    @Override
    Jdbi freshDatabase() {
        schema = Secrets.newId("hoist_test_").toLowerCase(Locale.ROOT);
        Jdbi admin = Jdbi.create(SERVER, "postgres", "");
        admin.useHandle(h -> h.execute("CREATE SCHEMA " + schema));
        return Jdbi.create(SERVER + "?currentSchema=" + schema, "postgres", "");
    }

    @AfterEach
    void dropSchema() {
        if (schema != null) {
            Jdbi.create(SERVER, "postgres", "").useHandle(h -> h.execute("DROP SCHEMA " + schema + " CASCADE"));
        }
    }
}
