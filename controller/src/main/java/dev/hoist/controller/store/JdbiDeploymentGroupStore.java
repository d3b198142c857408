package dev.hoist.controller.store;

import dev.hoist.controller.core.deploy.AutoDeploy;
import dev.hoist.controller.core.deploy.DeploymentGroup;
import dev.hoist.controller.core.deploy.DeploymentGroupStore;
import dev.hoist.protocol.appspec.FileExistsBehavior;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** Deployment groups in SQL ({@code deployment_groups}); targets, rollback and health gates as JSON columns. */
public final class JdbiDeploymentGroupStore implements DeploymentGroupStore {
    private static final String COLUMNS = "id, application, name, tag_set, agent_ids, config_name, auto_rollback, "
            + "file_exists_behavior, health_checks, script_timeout_limit_seconds, created_at, auto_deploy";

    private final Jdbi jdbi;
    private final DeploymentGroupColumns json = new DeploymentGroupColumns();

    public JdbiDeploymentGroupStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public boolean insert(DeploymentGroup group) {
        return UniqueViolations.insertUnlessTaken(() -> {
            jdbi.useHandle(handle -> handle.createUpdate("INSERT INTO deployment_groups (" + COLUMNS + ") VALUES "
                            + "(:id, :application, :name, :tagSet, :agentIds, :config, :autoRollback, "
                            + ":fileExistsBehavior, :healthChecks, :scriptTimeoutLimit, :createdAt, :autoDeploy)")
                    .bind("id", group.id())
                    .bind("application", group.application())
                    .bind("name", group.name())
                    .bind("tagSet", json.tagSet(group.tagSet()))
                    .bind("agentIds", json.agentIds(group.agentIds()))
                    .bind("config", group.configName())
                    .bind("autoRollback", json.autoRollback(group.autoRollback()))
                    .bind("fileExistsBehavior", group.fileExistsBehavior() == null ? null
                            : group.fileExistsBehavior().name())
                    .bind("healthChecks", json.healthChecks(group.healthChecks()))
                    .bind("scriptTimeoutLimit", group.scriptTimeoutLimit().toSeconds())
                    .bind("createdAt", group.createdAt().toEpochMilli())
                    .bind("autoDeploy", group.autoDeploy().name())
                    .execute());
        });
    }

    @Override
    public boolean updateAutoDeploy(String id, AutoDeploy autoDeploy) {
        return jdbi.withHandle(handle -> handle.createUpdate("UPDATE deployment_groups SET auto_deploy = :autoDeploy "
                        + "WHERE id = :id")
                .bind("id", id)
                .bind("autoDeploy", autoDeploy.name())
                .execute()) == 1;
    }

    @Override
    public List<DeploymentGroup> all() {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT " + COLUMNS + " FROM deployment_groups "
                        + "ORDER BY application, name")
                .map((rs, ctx) -> toGroup(rs))
                .list());
    }

    @Override
    public Optional<DeploymentGroup> find(String application, String name) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT " + COLUMNS + " FROM deployment_groups "
                        + "WHERE application = :application AND name = :name")
                .bind("application", application)
                .bind("name", name)
                .map((rs, ctx) -> toGroup(rs))
                .findOne());
    }

    @Override
    public Optional<DeploymentGroup> findById(String id) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT " + COLUMNS + " FROM deployment_groups "
                        + "WHERE id = :id")
                .bind("id", id)
                .map((rs, ctx) -> toGroup(rs))
                .findOne());
    }

    @Override
    public List<DeploymentGroup> list(String application) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT " + COLUMNS + " FROM deployment_groups "
                        + "WHERE application = :application ORDER BY name")
                .bind("application", application)
                .map((rs, ctx) -> toGroup(rs))
                .list());
    }

    private DeploymentGroup toGroup(ResultSet rs) throws SQLException {
        String fileExists = rs.getString("file_exists_behavior");
        return new DeploymentGroup(rs.getString("id"), rs.getString("application"), rs.getString("name"),
                json.tagSet(rs.getString("tag_set")), json.agentIds(rs.getString("agent_ids")),
                rs.getString("config_name"), json.autoRollback(rs.getString("auto_rollback")),
                fileExists == null ? null : FileExistsBehavior.valueOf(fileExists),
                json.healthChecks(rs.getString("health_checks")),
                Duration.ofSeconds(rs.getLong("script_timeout_limit_seconds")),
                Instant.ofEpochMilli(rs.getLong("created_at")),
                AutoDeploy.parse(rs.getString("auto_deploy")).orElse(AutoDeploy.DEFAULT));
    }
}
