package dev.hoist.controller.e2e;

import dev.hoist.controller.testing.TestStores;
import java.nio.file.Path;
import java.time.Instant;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * A large fleet written straight into a running controller's SQLite registry, in one transaction: agents
 * that enrolled and are not connected, {@code host-00000} and on, tagged {@code env=scale} and
 * {@code rack=rNN} (a hundred racks). For the console's long-list test and benchmark, where what
 * matters is what the API and the page do with many rows, not thousands of live connections.
 */
final class FleetRows {
    private FleetRows() {
    }

    static String id(int i) {
        return "agt-scale-%05d".formatted(i);
    }

    static String hostname(int i) {
        return "host-%05d".formatted(i);
    }

    static String rack(int i) {
        return "r%02d".formatted(i % 100);
    }

    static void insert(Path database, int count) {
        Jdbi jdbi = TestStores.sqlite(database);
        long now = Instant.now().toEpochMilli();
        jdbi.useTransaction(handle -> {
            PreparedBatch agents = handle.prepareBatch("INSERT INTO agents (id, hostname, agent_version, os, "
                    + "first_seen, last_seen, state, state_since, facts) VALUES (:id, :hostname, '0.1.0', 'Linux', "
                    + ":at, :at, 'DISCONNECTED', :at, NULL)");
            PreparedBatch tags = handle.prepareBatch(
                    "INSERT INTO agent_tags (agent_id, tag_key, tag_value) VALUES (:id, :k, :v)");
            for (int i = 0; i < count; i++) {
                agents.bind("id", id(i)).bind("hostname", hostname(i)).bind("at", now).add();
                tags.bind("id", id(i)).bind("k", "env").bind("v", "scale").add();
                tags.bind("id", id(i)).bind("k", "rack").bind("v", rack(i)).add();
            }
            agents.execute();
            tags.execute();
        });
    }
}
