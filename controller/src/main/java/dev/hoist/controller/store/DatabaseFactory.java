package dev.hoist.controller.store;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.db.DataSourceFactory;
import io.dropwizard.jdbi3.JdbiFactory;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.nio.file.Path;
import java.util.Locale;
import org.jdbi.v3.core.Jdbi;

/**
 * The store's database ({@code database:} in the YAML). With no {@code url}, an H2 file in the data
 * directory; {@code jdbc:postgresql://...} for PostgreSQL. The same store code runs on both.
 */
public class DatabaseFactory {
    /** Name of the store's health check and metrics. */
    public static final String NAME = "store";

    @JsonProperty
    private String url;
    @JsonProperty
    private String user;
    @JsonProperty
    private String password;
    @JsonProperty
    @Min(1)
    @Max(1000)
    private int maxConnections = 16;

    public String getUrl() {
        return url;
    }

    /**
     * The JDBC URL in use: the configured one, or the H2 file {@code <dataDir>/hoist}. An H2 URL gets
     * {@code WRITE_DELAY=0} unless it sets its own: H2 otherwise writes commits to its file from a
     * background thread up to half a second later, and a controller killed in between would lose
     * deployments it had already reported as created.
     */
    public String resolvedUrl(Path dataDir) {
        String chosen = url != null && !url.isBlank() ? url : "jdbc:h2:file:" + dataDir.toAbsolutePath().resolve("hoist");
        if (chosen.startsWith("jdbc:h2:") && !chosen.toUpperCase(Locale.ROOT).contains("WRITE_DELAY")) {
            return chosen + ";WRITE_DELAY=0";
        }
        return chosen;
    }

    /**
     * Builds the pooled, instrumented Jdbi and registers its pool with the lifecycle and its health
     * check ({@value #NAME}) with the environment.
     */
    public Jdbi build(Environment environment, Path dataDir) {
        String jdbcUrl = resolvedUrl(dataDir);
        DataSourceFactory pool = new DataSourceFactory();
        pool.setUrl(jdbcUrl);
        pool.setDriverClass(driverFor(jdbcUrl));
        if (user != null) {
            pool.setUser(user);
        }
        if (password != null) {
            pool.setPassword(password);
        }
        pool.setMaxSize(maxConnections);
        pool.setMinSize(Math.min(2, maxConnections));
        pool.setInitialSize(Math.min(2, maxConnections));
        return new JdbiFactory().build(environment, pool, NAME);
    }

    private static String driverFor(String jdbcUrl) {
        if (jdbcUrl.startsWith("jdbc:h2:")) {
            return "org.h2.Driver";
        }
        if (jdbcUrl.startsWith("jdbc:postgresql:")) {
            return "org.postgresql.Driver";
        }
        throw new IllegalArgumentException("database.url '" + jdbcUrl
                + "' is not supported; use jdbc:h2:file:PATH or jdbc:postgresql://HOST:PORT/DATABASE");
    }
}
