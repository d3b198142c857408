package dev.hoist.controller.secrets;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/** {@code group_secrets}: sealed values only; this class never sees a value in the clear. */
final class JdbiGroupSecretStore {

    /** One row. */
    record Row(String groupId, String name, String sealed, Instant updatedAt) {
        @Override
        public String toString() {
            return "Row[" + groupId + "/" + name + ", updated " + updatedAt + "]";
        }
    }

    private final Jdbi jdbi;

    JdbiGroupSecretStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** Sets the row (SQLite and PostgreSQL both know this upsert). */
    void put(Row row) {
        jdbi.useHandle(handle -> handle.createUpdate("INSERT INTO group_secrets (group_id, name, sealed, updated_at) "
                        + "VALUES (:groupId, :name, :sealed, :updatedAt) ON CONFLICT (group_id, name) DO UPDATE "
                        + "SET sealed = excluded.sealed, updated_at = excluded.updated_at")
                .bind("groupId", row.groupId())
                .bind("name", row.name())
                .bind("sealed", row.sealed())
                .bind("updatedAt", row.updatedAt().toEpochMilli())
                .execute());
    }

    List<Row> list(String groupId) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT group_id, name, sealed, updated_at "
                        + "FROM group_secrets WHERE group_id = :groupId ORDER BY name")
                .bind("groupId", groupId)
                .map((rs, ctx) -> row(rs))
                .list());
    }

    List<Row> all() {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT group_id, name, sealed, updated_at "
                        + "FROM group_secrets ORDER BY group_id, name")
                .map((rs, ctx) -> row(rs))
                .list());
    }

    private static Row row(ResultSet rs) throws SQLException {
        return new Row(rs.getString("group_id"), rs.getString("name"), rs.getString("sealed"),
                Instant.ofEpochMilli(rs.getLong("updated_at")));
    }

    boolean delete(String groupId, String name) {
        return jdbi.withHandle(handle -> handle.createUpdate("DELETE FROM group_secrets WHERE group_id = :groupId "
                        + "AND name = :name")
                .bind("groupId", groupId).bind("name", name).execute() > 0);
    }
}
