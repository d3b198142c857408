package dev.hoist.controller.store;

import dev.hoist.controller.core.Secrets;
import java.util.Locale;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;

/** The deployment store on PostgreSQL, each test in a schema of its own that is dropped afterwards. */
class PostgresDeploymentStoreTest extends DeploymentStoreContractTest {
    private static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/test";

    private String schema;

    @Override
    Jdbi freshDatabase() {
        schema = Secrets.newId("hoist_test_").toLowerCase(Locale.ROOT);
        Jdbi.create(SERVER, "postgres", "").useHandle(h -> h.execute("CREATE SCHEMA " + schema));
        return Jdbi.create(SERVER + "?currentSchema=" + schema, "postgres", "");
    }

    @AfterEach
    void dropSchema() {
        if (schema != null) {
            Jdbi.create(SERVER, "postgres", "").useHandle(h -> h.execute("DROP SCHEMA " + schema + " CASCADE"));
        }
    }
}
