package dev.hoist.controller.store;

import dev.hoist.controller.core.deploy.DeploymentStatus;
import dev.hoist.controller.core.deploy.Revision;
import dev.hoist.controller.core.deploy.RevisionReferences;
import dev.hoist.controller.core.deploy.RevisionStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.jdbi.v3.core.Jdbi;

/**
 * Revisions in SQL ({@code revisions}). "Newest" is push order ({@code seq}), not {@code created_at}:
 * two pushes in the same millisecond still have an order.
 */
public final class JdbiRevisionStore implements RevisionStore, RevisionReferences {
    private static final String COLUMNS =
            "id, application, sha256, size_bytes, bundle_type, description, source_commit, created_at, created_by, "
                    + "signature, signing_key";

    private final Jdbi jdbi;

    public JdbiRevisionStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public void insert(Revision revision) {
        jdbi.useHandle(handle -> handle.createUpdate("INSERT INTO revisions (" + COLUMNS + ") VALUES (:id, "
                        + ":application, :sha256, :size, :type, :description, :commit, :createdAt, :createdBy, :signature, "
                        + ":signingKey)")
                .bind("id", revision.id())
                .bind("application", revision.application())
                .bind("sha256", revision.sha256())
                .bind("size", revision.sizeBytes())
                .bind("type", revision.bundleType())
                .bind("description", revision.description())
                .bind("commit", revision.commit())
                .bind("createdAt", revision.createdAt().toEpochMilli())
                .bind("createdBy", revision.createdBy())
                .bind("signature", revision.signature())
                .bind("signingKey", revision.signingKey())
                .execute());
    }

    @Override
    public boolean sign(String id, String signature, String signingKey) {
        return jdbi.withHandle(handle -> handle.createUpdate("UPDATE revisions SET signature = :signature, "
                        + "signing_key = :signingKey WHERE id = :id")
                .bind("id", id)
                .bind("signature", signature)
                .bind("signingKey", signingKey)
                .execute()) > 0;
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

    @Override
    public Map<String, List<String>> protectedRevisions() {
        Map<String, List<String>> reasons = new LinkedHashMap<>();
        jdbi.useHandle(handle -> {
            handle.createQuery("SELECT id, revision_id, status FROM deployments WHERE status NOT IN (<final>) "
                            + "ORDER BY created_at, id")
                    .bindList("final", List.of(DeploymentStatus.SUCCEEDED.name(), DeploymentStatus.FAILED.name(),
                            DeploymentStatus.STOPPED.name()))
                    .map((rs, ctx) -> Map.entry(rs.getString("revision_id"), "deployment " + rs.getString("id")
                            + " is " + DeploymentStatus.valueOf(rs.getString("status")).displayName()))
                    .forEach(e -> reasons.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
            // A group's last successful deployment: what an automatic rollback goes back to.
            handle.createQuery("SELECT d.group_name, d.application, d.revision_id FROM deployments d "
                            + "WHERE d.status = :succeeded AND NOT EXISTS (SELECT 1 FROM deployments later "
                            + "WHERE later.group_id = d.group_id AND later.status = :succeeded "
                            + "AND (later.created_at > d.created_at "
                            + "OR (later.created_at = d.created_at AND later.id > d.id))) ORDER BY d.group_name")
                    .bind("succeeded", DeploymentStatus.SUCCEEDED.name())
                    .map((rs, ctx) -> Map.entry(rs.getString("revision_id"), "the last successful deployment of "
                            + "group '" + rs.getString("group_name") + "' (its rollback target)"))
                    .forEach(e -> reasons.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
            handle.createQuery("SELECT DISTINCT gh.revision_id, g.name FROM group_hosts gh "
                            + "JOIN deployment_groups g ON g.id = gh.group_id WHERE gh.revision_id IS NOT NULL "
                            + "ORDER BY g.name")
                    .map((rs, ctx) -> Map.entry(rs.getString("revision_id"), "installed on hosts of group '"
                            + rs.getString("name") + "'"))
                    .forEach(e -> reasons.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
        });
        return reasons;
    }

    @Override
    public Map<String, Set<String>> groupsRunning(String application) {
        Map<String, Set<String>> groups = new LinkedHashMap<>();
        jdbi.useHandle(handle -> handle.createQuery("SELECT DISTINCT gh.revision_id, g.name FROM group_hosts gh "
                        + "JOIN deployment_groups g ON g.id = gh.group_id "
                        + "WHERE g.application = :application AND gh.revision_id IS NOT NULL")
                .bind("application", application)
                .map((rs, ctx) -> Map.entry(rs.getString("revision_id"), rs.getString("name")))
                .forEach(e -> groups.computeIfAbsent(e.getKey(), k -> new TreeSet<>()).add(e.getValue())));
        return groups;
    }

    @Override
    public List<Revision> all(String application) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT " + COLUMNS + " FROM revisions "
                        + "WHERE application = :application ORDER BY seq DESC")
                .bind("application", application)
                .map((rs, ctx) -> toRevision(rs))
                .list());
    }

    @Override
    public Set<String> referencedDigests() {
        return jdbi.withHandle(handle -> new HashSet<>(handle.createQuery("SELECT DISTINCT sha256 FROM revisions")
                .mapTo(String.class).list()));
    }

    @Override
    public void delete(String revisionId) {
        jdbi.useHandle(handle -> handle.createUpdate("DELETE FROM revisions WHERE id = :id")
                .bind("id", revisionId).execute());
    }

    private static Revision toRevision(ResultSet rs) throws SQLException {
        return new Revision(rs.getString("id"), rs.getString("application"), rs.getString("sha256"),
                rs.getLong("size_bytes"), rs.getString("bundle_type"), rs.getString("description"),
                rs.getString("source_commit"), Instant.ofEpochMilli(rs.getLong("created_at")),
                rs.getString("created_by"), rs.getString("signature"), rs.getString("signing_key"));
    }
}
