package dev.hoist.controller.store;

import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;

/** The deployment store on PostgreSQL, each test in a schema of its own that is dropped afterwards. */
class PostgresDeploymentStoreTest extends DeploymentStoreContractTest {
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
