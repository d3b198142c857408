package dev.hoist.controller.store;

import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;

/** The store contract on PostgreSQL, each test in a schema of its own that is dropped afterwards. */
class PostgresStoreTest extends StoreContractTest {
    private String schema;

    @Override
    DataSource freshDatabase() {
        schema = PostgresDatabases.createSchema();
        return PostgresDatabases.dataSource(schema);
    }

    @AfterEach
    void dropSchema() {
        PostgresDatabases.dropSchema(schema);
    }
}
