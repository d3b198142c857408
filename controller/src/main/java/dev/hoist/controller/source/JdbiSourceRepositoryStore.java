package dev.hoist.controller.source;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/** Source repositories in SQL ({@code source_repositories}, V15). */
public final class JdbiSourceRepositoryStore {
    private static final String COLUMNS = "name, kind, description, url, poll_seconds, webhook_secret, credentials, "
            + "created_by, created_at, last_fetch_at, last_fetch_error";
    private static final int MAX_ERROR = 2000;

    private final Jdbi jdbi;

    public JdbiSourceRepositoryStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** Stores a new repository; {@code false} when the name is taken. */
    boolean insert(SourceRepository repository) {
        try {
            return insertUnlessTaken(repository);
        } catch (UnableToExecuteStatementException e) {
            // Two creations of one name at once: the primary key refused the second.
            if (find(repository.name()).isPresent()) {
                return false;
            }
            throw e;
        }
    }

    private boolean insertUnlessTaken(SourceRepository repository) {
        return jdbi.inTransaction(handle -> {
            boolean taken = handle.createQuery("SELECT COUNT(*) FROM source_repositories WHERE name = :name")
                    .bind("name", repository.name()).mapTo(Integer.class).one() > 0;
            if (taken) {
                return false;
            }
            handle.createUpdate("INSERT INTO source_repositories (" + COLUMNS + ") VALUES (:name, :kind, :description, "
                            + ":url, :poll, :webhook, :credentials, :createdBy, :createdAt, NULL, NULL)")
                    .bind("name", repository.name())
                    .bind("kind", repository.kind().wireName())
                    .bind("description", repository.description())
                    .bind("url", repository.url())
                    .bind("poll", repository.pollSeconds())
                    .bind("webhook", repository.sealedWebhookSecret())
                    .bind("credentials", repository.sealedCredentials())
                    .bind("createdBy", repository.createdBy())
                    .bind("createdAt", repository.createdAt().toEpochMilli())
                    .execute();
            return true;
        });
    }

    Optional<SourceRepository> find(String name) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT " + COLUMNS + " FROM source_repositories "
                        + "WHERE name = :name")
                .bind("name", name)
                .map((rs, ctx) -> toRepository(rs))
                .findOne());
    }

    List<SourceRepository> list() {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT " + COLUMNS + " FROM source_repositories "
                        + "ORDER BY name")
                .map((rs, ctx) -> toRepository(rs))
                .list());
    }

    boolean delete(String name) {
        return jdbi.withHandle(handle -> handle.createUpdate("DELETE FROM source_repositories WHERE name = :name")
                .bind("name", name).execute()) > 0;
    }

    /** Records the end of a fetch: its time, and its error or {@code null} when it went through. */
    void recordFetch(String name, Instant at, String error) {
        String kept = error == null || error.length() <= MAX_ERROR ? error : error.substring(0, MAX_ERROR);
        jdbi.useHandle(handle -> handle.createUpdate("UPDATE source_repositories SET last_fetch_at = :at, "
                        + "last_fetch_error = :error WHERE name = :name")
                .bind("name", name).bind("at", at.toEpochMilli()).bind("error", kept).execute());
    }

    private static SourceRepository toRepository(ResultSet rs) throws SQLException {
        int poll = rs.getInt("poll_seconds");
        Integer pollSeconds = rs.wasNull() ? null : poll;
        long fetched = rs.getLong("last_fetch_at");
        Instant lastFetch = rs.wasNull() ? null : Instant.ofEpochMilli(fetched);
        return new SourceRepository(rs.getString("name"),
                SourceRepository.Kind.valueOf(rs.getString("kind").toUpperCase(java.util.Locale.ROOT)),
                rs.getString("description"), rs.getString("url"), pollSeconds, rs.getString("webhook_secret"),
                rs.getString("credentials"), rs.getString("created_by"), Instant.ofEpochMilli(rs.getLong("created_at")),
                lastFetch, rs.getString("last_fetch_error"));
    }
}
