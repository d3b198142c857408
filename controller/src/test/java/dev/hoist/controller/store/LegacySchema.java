package dev.hoist.controller.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.jdbi.v3.core.Jdbi;

/**
 * A schema as Hoist's migrator before Flyway left it: {@code legacy-schema/V1.sql} ... {@code V<n>.sql}
 * (the files that release shipped, unchanged) applied in order and recorded in {@code schema_migrations}.
 */
final class LegacySchema {
    /** The newest version the old migrator shipped. */
    static final int NEWEST = 4;

    private LegacySchema() {
    }

    /** Applies versions 1 to {@code version} on {@code jdbi} the way the old migrator did. */
    static void create(Jdbi jdbi, int version) {
        jdbi.useTransaction(handle -> {
            handle.execute("CREATE TABLE IF NOT EXISTS schema_migrations ("
                    + "version INTEGER NOT NULL PRIMARY KEY, applied_at BIGINT NOT NULL)");
            for (int v = 1; v <= version; v++) {
                handle.createScript(script(v)).execute();
                handle.execute("INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)", v, 1_700_000_000_000L);
            }
        });
    }

    private static String script(int version) {
        String name = "legacy-schema/V" + version + ".sql";
        try (InputStream in = LegacySchema.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is not on the test class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
