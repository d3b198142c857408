package dev.hoist.controller.store;

import dev.hoist.controller.core.deploy.Application;
import dev.hoist.controller.core.deploy.ApplicationStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** Applications in SQL ({@code applications}). */
public final class JdbiApplicationStore implements ApplicationStore {
    private static final String COLUMNS = "name, created_at, created_by";

    private final Jdbi jdbi;

    public JdbiApplicationStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public boolean insert(Application application) {
        return UniqueViolations.insertUnlessTaken(() -> {
            jdbi.useHandle(handle -> handle.createUpdate("INSERT INTO applications (" + COLUMNS + ") "
                            + "VALUES (:name, :createdAt, :createdBy)")
                    .bind("name", application.name())
                    .bind("createdAt", application.createdAt().toEpochMilli())
                    .bind("createdBy", application.createdBy())
                    .execute());
        });
    }

    @Override
    public Optional<Application> find(String name) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT " + COLUMNS + " FROM applications "
                        + "WHERE name = :name")
                .bind("name", name)
                .map((rs, ctx) -> toApplication(rs))
                .findOne());
    }

    @Override
    public List<Application> list() {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT " + COLUMNS + " FROM applications ORDER BY name")
                .map((rs, ctx) -> toApplication(rs))
                .list());
    }

    private static Application toApplication(ResultSet rs) throws SQLException {
        return new Application(rs.getString("name"), Instant.ofEpochMilli(rs.getLong("created_at")),
                rs.getString("created_by"));
    }
}
