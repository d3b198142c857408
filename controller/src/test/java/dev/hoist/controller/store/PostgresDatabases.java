package dev.hoist.controller.store;

import dev.hoist.controller.core.Secrets;
import java.util.Locale;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Schemas of their own on the test PostgreSQL (127.0.0.1:5432, database {@code test}, user
 * {@code postgres}, trust auth), so that runs never see each other's rows.
 */
public final class PostgresDatabases {
    public static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/test";

    private PostgresDatabases() {
    }

    /** Creates a new, empty schema and returns its name. */
    public static String createSchema() {
        String schema = Secrets.newId("hoist_test_").toLowerCase(Locale.ROOT);
        admin().useHandle(h -> h.execute("CREATE SCHEMA " + schema));
        return schema;
    }

    /** Connections whose unqualified names resolve to {@code schema}. */
    public static DataSource dataSource(String schema) {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(SERVER + "?currentSchema=" + schema);
        dataSource.setUser("postgres");
        return dataSource;
    }

    public static void dropSchema(String schema) {
        if (schema != null) {
            admin().useHandle(h -> h.execute("DROP SCHEMA " + schema + " CASCADE"));
        }
    }

    private static Jdbi admin() {
        return Jdbi.create(SERVER, "postgres", "");
    }
}
