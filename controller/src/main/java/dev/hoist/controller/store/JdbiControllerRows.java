package dev.hoist.controller.store;

import dev.hoist.controller.cluster.ControllerRows;
import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/** {@link ControllerRows} in table {@code controllers}. */
public final class JdbiControllerRows implements ControllerRows {
    private final Jdbi jdbi;

    public JdbiControllerRows(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public void register(String id, String address, Instant at) {
        jdbi.useTransaction(handle -> {
            handle.createUpdate("DELETE FROM controllers WHERE id = :id").bind("id", id).execute();
            handle.createUpdate("INSERT INTO controllers (id, address, started_at, heartbeat_at) "
                            + "VALUES (:id, :address, :at, :at)")
                    .bind("id", id)
                    .bind("address", address)
                    .bind("at", at.toEpochMilli())
                    .execute();
        });
    }

    @Override
    public void heartbeat(String id, String address, Instant at) {
        int updated = jdbi.withHandle(handle -> handle.createUpdate(
                        "UPDATE controllers SET heartbeat_at = :at, address = :address WHERE id = :id")
                .bind("id", id)
                .bind("address", address)
                .bind("at", at.toEpochMilli())
                .execute());
        if (updated == 0) {
            UniqueViolations.insertUnlessTaken(() -> jdbi.useHandle(handle -> handle.createUpdate(
                            "INSERT INTO controllers (id, address, started_at, heartbeat_at) "
                                    + "VALUES (:id, :address, :at, :at)")
                    .bind("id", id)
                    .bind("address", address)
                    .bind("at", at.toEpochMilli())
                    .execute()));
        }
    }

    @Override
    public List<Controller> list() {
        return jdbi.withHandle(handle -> handle.createQuery(
                        "SELECT id, address, started_at, heartbeat_at FROM controllers ORDER BY started_at, id")
                .map((rs, ctx) -> new Controller(rs.getString("id"), rs.getString("address"),
                        Instant.ofEpochMilli(rs.getLong("started_at")), Instant.ofEpochMilli(rs.getLong("heartbeat_at"))))
                .list());
    }

    @Override
    public void remove(String id) {
        jdbi.useHandle(handle -> handle.createUpdate("DELETE FROM controllers WHERE id = :id").bind("id", id).execute());
    }

    @Override
    public int removeSilentSince(Instant before) {
        return jdbi.withHandle(handle -> handle.createUpdate("DELETE FROM controllers WHERE heartbeat_at < :before")
                .bind("before", before.toEpochMilli())
                .execute());
    }
}
