package dev.hoist.controller.store;

import dev.hoist.controller.core.ApiToken;
import dev.hoist.controller.core.ApiTokenStore;
import dev.hoist.controller.core.Role;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** API tokens in SQL ({@code api_tokens}); only secret hashes are stored. */
public final class JdbiApiTokenStore implements ApiTokenStore {
    private static final String COLUMNS = "id, name, role, secret_hash, created_at";

    private final Jdbi jdbi;

    public JdbiApiTokenStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public void insert(ApiToken token) {
        jdbi.useHandle(handle -> handle.createUpdate("INSERT INTO api_tokens (" + COLUMNS + ") VALUES "
                        + "(:id, :name, :role, :hash, :createdAt)")
                .bind("id", token.id())
                .bind("name", token.name())
                .bind("role", token.role().wireName())
                .bind("hash", token.secretHash())
                .bind("createdAt", token.createdAt().toEpochMilli())
                .execute());
    }

    @Override
    public boolean insertUnlessNameTaken(ApiToken token) {
        return UniqueViolations.insertUnlessTaken(() -> insert(token));
    }

    @Override
    public Optional<ApiToken> findBySecretHash(String secretHash) {
        return findBy("secret_hash", secretHash);
    }

    @Override
    public Optional<ApiToken> findByName(String name) {
        return findBy("name", name);
    }

    @Override
    public List<ApiToken> list() {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT " + COLUMNS + " FROM api_tokens ORDER BY name")
                .map((rs, ctx) -> toToken(rs))
                .list());
    }

    @Override
    public boolean deleteByName(String name) {
        return jdbi.withHandle(handle -> handle.createUpdate("DELETE FROM api_tokens WHERE name = :name")
                .bind("name", name).execute() > 0);
    }

    private Optional<ApiToken> findBy(String column, String value) {
        return jdbi.withHandle(handle -> handle.createQuery(
                        "SELECT " + COLUMNS + " FROM api_tokens WHERE " + column + " = :value")
                .bind("value", value)
                .map((rs, ctx) -> toToken(rs))
                .findOne());
    }

    private static ApiToken toToken(ResultSet rs) throws SQLException {
        return new ApiToken(rs.getString("id"), rs.getString("name"), Role.parse(rs.getString("role")),
                rs.getString("secret_hash"), Instant.ofEpochMilli(rs.getLong("created_at")));
    }
}
