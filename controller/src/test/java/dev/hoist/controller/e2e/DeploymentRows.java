package dev.hoist.controller.e2e;

import dev.hoist.controller.testing.TestStores;
import java.nio.file.Path;
import java.time.Instant;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * A long deployment history written straight into a running controller's SQLite store, in one
 * transaction: finished deployments of application {@code scale}, group {@code fleet}, one a minute, the
 * newest first in id order. For the console's long-list test, where what matters is what the API and
 * the page do with many rows, not running them.
 */
final class DeploymentRows {
    static final String APPLICATION = "scale";

    private DeploymentRows() {
    }

    static String id(int i) {
        return "d-scale-%05d".formatted(i);
    }

    static void insert(Path database, int count) {
        Jdbi jdbi = TestStores.sqlite(database);
        long start = Instant.now().minusSeconds(60L * count).toEpochMilli();
        jdbi.useTransaction(handle -> {
            PreparedBatch rows = handle.prepareBatch("INSERT INTO deployments (id, application, group_name, group_id, "
                    + "revision_id, config_name, minimum_type, minimum_value, status, creator, ignore_stop_failures, "
                    + "created_at, started_at, ended_at) VALUES (:id, :app, 'fleet', 'dg-scale', 'rev-scale', "
                    + "'OneAtATime', 'HOST_COUNT', 0, :status, 'ci', FALSE, :at, :at, :ended)");
            for (int i = 0; i < count; i++) {
                long at = start + 60_000L * i;
                rows.bind("id", id(i)).bind("app", APPLICATION).bind("status", i % 10 == 0 ? "FAILED" : "SUCCEEDED")
                        .bind("at", at).bind("ended", at + 30_000).add();
            }
            rows.execute();
        });
    }
}
