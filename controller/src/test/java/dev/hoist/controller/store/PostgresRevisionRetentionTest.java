package dev.hoist.controller.store;

import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;

class PostgresRevisionRetentionTest extends RevisionRetentionContract {
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
