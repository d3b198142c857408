package dev.hoist.controller.store;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.db.DataSourceFactory;
import io.dropwizard.db.ManagedDataSource;
import io.dropwizard.jdbi3.JdbiFactory;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MinDuration;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Jdbi;

/**
 * The store's database ({@code database:} in the YAML). With no {@code url}, the SQLite file
 * {@code <dataDir>/hoist.db} (see {@link SqliteConnections} for how it is opened);
 * {@code jdbc:postgresql://...} for PostgreSQL. The same store code runs on both.
 */
public class DatabaseFactory {
    /** Name of the store's health check and metrics. */
    public static final String NAME = "store";
    /** The embedded store's file in the data directory. */
    public static final String SQLITE_FILE = "hoist.db";

    @JsonProperty
    private String url;
    @JsonProperty
    private String user;
    @JsonProperty
    private String password;
    /** Pool size; by default 8 on SQLite (one writer at a time, readers alongside) and 16 on PostgreSQL. */
    @JsonProperty
    @Min(2)
    @Max(1000)
    private Integer maxConnections;
    /** SQLite only: how long a write waits for another writer's lock before it fails. */
    @JsonProperty
    @MinDuration(value = 1, unit = TimeUnit.SECONDS)
    private Duration busyTimeout = Duration.milliseconds(SqliteConnections.DEFAULT_BUSY_TIMEOUT.toMillis());

    public String getUrl() {
        return url;
    }

    /** The JDBC URL in use: the configured one, or the SQLite file {@code <dataDir>/hoist.db}. */
    public String resolvedUrl(Path dataDir) {
        return usesDefault() ? SqliteConnections.url(dataDir.resolve(SQLITE_FILE)) : url;
    }

    private boolean usesDefault() {
        return url == null || url.isBlank();
    }

    /**
     * Builds the pooled, instrumented Jdbi on a schema brought up to date, and registers its pool with
     * the lifecycle and its health check ({@value #NAME}) with the environment. On the default store, an
     * H2 data directory from an earlier release is imported first ({@link H2Import}).
     *
     * @throws IllegalArgumentException for an unsupported URL (H2's included), with what to use instead
     * @throws IllegalStateException when the H2 import or a migration fails; the controller must not start
     */
    public Jdbi build(Environment environment, Path dataDir, Clock clock) {
        String jdbcUrl = resolvedUrl(dataDir);
        if (jdbcUrl.startsWith("jdbc:h2:")) {
            throw new IllegalArgumentException(h2Refusal(jdbcUrl, dataDir));
        }
        DatabaseKind kind = DatabaseKind.of(jdbcUrl);
        if (usesDefault()) {
            new H2Import(dataDir, clock).importIfPresent();
        }
        DataSourceFactory pool = pool(kind, jdbcUrl);
        ManagedDataSource dataSource = pool.build(environment.metrics(), NAME);
        new SchemaMigrations(dataSource).migrate();
        return kind.configure(new JdbiFactory().build(environment, pool, dataSource, NAME));
    }

    /** Why an H2 URL is refused, and the commands that move its file to where the import finds it. */
    static String h2Refusal(String h2Url, Path dataDir) {
        Path importFrom = dataDir.resolve(H2Import.H2_FILE);
        String location = h2Url.substring("jdbc:h2:".length()).split(";", 2)[0];
        location = location.startsWith("file:") ? location.substring("file:".length()) : location;
        String move = "";
        if (Path.of(location).isAbsolute()) {
            Path file = Path.of(location + ".mv.db");
            if (!file.equals(importFrom)) {
                move = "mv " + file + " " + importFrom + ", then ";
            }
        }
        return "database.url '" + h2Url + "' is an H2 database, which Hoist no longer runs on: H2 does not promise "
                + "that committed changes survive a crash. To move it to the embedded SQLite store: " + move
                + "remove database.url from the configuration and start the controller; it imports " + importFrom
                + " into " + dataDir.resolve(SQLITE_FILE) + " and keeps the H2 file, renamed. For several "
                + "controllers, use jdbc:postgresql://HOST:PORT/DATABASE instead.";
    }

    private DataSourceFactory pool(DatabaseKind kind, String jdbcUrl) {
        DataSourceFactory pool = new DataSourceFactory();
        pool.setUrl(jdbcUrl);
        pool.setDriverClass(kind.driverClass());
        if (user != null) {
            pool.setUser(user);
        }
        if (password != null) {
            pool.setPassword(password);
        }
        int size = maxConnections != null ? maxConnections : kind == DatabaseKind.SQLITE ? 8 : 16;
        pool.setMaxSize(size);
        pool.setMinSize(2);
        pool.setInitialSize(2);
        if (kind == DatabaseKind.SQLITE) {
            Properties sqlite = SqliteConnections.properties(java.time.Duration.ofMillis(busyTimeout.toMilliseconds()));
            pool.setProperties(sqlite.stringPropertyNames().stream()
                    .collect(Collectors.toMap(name -> name, sqlite::getProperty)));
            // A thread waiting for a connection may be queued behind writers waiting for the lock.
            pool.setMaxWaitForConnection(busyTimeout);
        }
        return pool;
    }
}
