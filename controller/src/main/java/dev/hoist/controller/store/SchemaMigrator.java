package dev.hoist.controller.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the schema up to date from numbered SQL files on the class path: {@code db/migration/V1.sql},
 * {@code V2.sql}, ... applied in order until the next number is missing. Applied versions are kept in
 * {@code schema_migrations}. To change the schema, add the next file; never edit an applied one.
 *
 * <p>On PostgreSQL the whole run is one transaction holding a table lock, so several controllers
 * starting at once migrate once and a failed migration leaves nothing half-applied. H2 commits DDL as it
 * goes, but an H2 file is only ever opened by one controller.
 */
public final class SchemaMigrator {
    private static final Logger LOG = LoggerFactory.getLogger(SchemaMigrator.class);
    private static final String LOCATION = "db/migration/V%d.sql";

    private final Jdbi jdbi;
    private final Clock clock;
    private final ClassLoader resources;

    public SchemaMigrator(Jdbi jdbi, Clock clock) {
        this(jdbi, clock, SchemaMigrator.class.getClassLoader());
    }

    SchemaMigrator(Jdbi jdbi, Clock clock, ClassLoader resources) {
        this.jdbi = jdbi;
        this.clock = clock;
        this.resources = resources;
    }

    /** Applies every pending migration; returns the schema version afterwards. */
    public int migrate() {
        List<String> scripts = availableScripts();
        return jdbi.inTransaction(handle -> {
            handle.execute("CREATE TABLE IF NOT EXISTS schema_migrations ("
                    + "version INTEGER NOT NULL PRIMARY KEY, applied_at BIGINT NOT NULL)");
            if (isPostgres(handle)) {
                handle.execute("LOCK TABLE schema_migrations IN EXCLUSIVE MODE");
            }
            int current = handle.createQuery("SELECT COALESCE(MAX(version), 0) FROM schema_migrations")
                    .mapTo(Integer.class).one();
            if (current > scripts.size()) {
                throw new IllegalStateException("The database schema is at version " + current
                        + " but this controller only knows versions up to " + scripts.size()
                        + "; run the controller release that created it, or a newer one.");
            }
            for (int version = current + 1; version <= scripts.size(); version++) {
                LOG.info("Applying schema migration V{}", version);
                handle.createScript(scripts.get(version - 1)).execute();
                handle.createUpdate("INSERT INTO schema_migrations (version, applied_at) VALUES (:v, :at)")
                        .bind("v", version)
                        .bind("at", clock.millis())
                        .execute();
            }
            return scripts.size();
        });
    }

    private List<String> availableScripts() {
        List<String> scripts = new ArrayList<>();
        for (int version = 1; ; version++) {
            try (InputStream in = resources.getResourceAsStream(String.format(LOCATION, version))) {
                if (in == null) {
                    return scripts;
                }
                scripts.add(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read schema migration V" + version, e);
            }
        }
    }

    private static boolean isPostgres(Handle handle) {
        try {
            return handle.getConnection().getMetaData().getDatabaseProductName()
                    .toLowerCase(Locale.ROOT).contains("postgres");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot tell which database this is: " + e.getMessage(), e);
        }
    }
}
