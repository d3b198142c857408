package dev.hoist.controller.store;

import dev.hoist.controller.core.deploy.Revision;
import dev.hoist.controller.core.deploy.RevisionStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * Revisions in SQL ({@code revisions}). "Newest" is push order ({@code seq}), not {@code created_at}:
 * two pushes in the same millisecond still have an order.
 */
public final class JdbiRevisionStore implements RevisionStore {
    private static final String COLUMNS =
            "id, application, sha256, size_bytes, bundle_type, description, source_commit, created_at, created_by";

    private final Jdbi jdbi;

    public JdbiRevisionStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public void insert(Revision revision) {
        jdbi.useHandle(handle -> handle.createUpdate("INSERT INTO revisions (" + COLUMNS + ") VALUES (:id, "
                        + ":application, :sha256, :size, :type, :description, :commit, :createdAt, :createdBy)")
                .bind("id", revision.id())
                .bind("application", revision.application())
                .bind("sha256", revision.sha256())
                .bind("size", revision.sizeBytes())
                .bind("type", revision.bundleType())
                .bind("description", revision.description())
                .bind("commit", revision.commit())
                .bind("createdAt", revision.createdAt().toEpochMilli())
                .bind("createdBy", revision.createdBy())
                .execute());
    }

    @Override
    public Optional<Revision> find(String id) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT " + COLUMNS + " FROM revisions WHERE id = :id")
                .bind("id", id)
                .map((rs, ctx) -> toRevision(rs))
                .findOne());
    }

    @Override
    public Optional<Revision> latest(String application) {
        return list(application, 1).stream().findFirst();
    }

    @Override
    public List<Revision> list(String application, int limit) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT " + COLUMNS + " FROM revisions "
                        + "WHERE application = :application ORDER BY seq DESC LIMIT :limit")
                .bind("application", application)
                .bind("limit", limit)
                .map((rs, ctx) -> toRevision(rs))
                .list());
    }

    private static Revision toRevision(ResultSet rs) throws SQLException {
        return new Revision(rs.getString("id"), rs.getString("application"), rs.getString("sha256"),
                rs.getLong("size_bytes"), rs.getString("bundle_type"), rs.getString("description"),
                rs.getString("source_commit"), Instant.ofEpochMilli(rs.getLong("created_at")),
                rs.getString("created_by"));
    }
}
