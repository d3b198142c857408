package dev.hoist.controller.store;

import dev.hoist.controller.core.JoinToken;
import dev.hoist.controller.core.JoinTokenStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/** Join tokens in SQL ({@code join_tokens}); only secret hashes are stored. */
public final class JdbiJoinTokenStore implements JoinTokenStore {
    private static final String COLUMNS = "id, secret_hash, tags, allowed_tag_keys, created_at, expires_at, uses_left, "
            + "created_by";

    private final Jdbi jdbi;
    private final JsonColumns json = new JsonColumns();

    public JdbiJoinTokenStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public void insert(JoinToken token) {
        jdbi.useHandle(handle -> handle.createUpdate("INSERT INTO join_tokens (" + COLUMNS + ") VALUES "
                        + "(:id, :hash, :tags, :allowedTagKeys, :createdAt, :expiresAt, :usesLeft, :createdBy)")
                .bind("id", token.id())
                .bind("hash", token.secretHash())
                .bind("tags", json.tags(token.tags()))
                .bind("allowedTagKeys", String.join(",", new java.util.TreeSet<>(token.allowedTagKeys())))
                .bind("createdAt", token.createdAt().toEpochMilli())
                .bind("expiresAt", token.expiresAt().toEpochMilli())
                .bind("usesLeft", token.usesLeft())
                .bind("createdBy", token.createdBy())
                .execute());
    }

    @Override
    public List<JoinToken> list() {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT " + COLUMNS + " FROM join_tokens ORDER BY created_at, id")
                .map((rs, ctx) -> toToken(rs))
                .list());
    }

    @Override
    public boolean delete(String id) {
        return jdbi.withHandle(handle -> handle.createUpdate("DELETE FROM join_tokens WHERE id = :id")
                .bind("id", id).execute() > 0);
    }

    /**
     * One conditional UPDATE spends the use: the database serialises concurrent updates of the row and
     * re-checks {@code uses_left > 0}, so a one-use token redeemed twice at once lets exactly one through.
     * The reason for a refusal is read afterwards, for the message only.
     */
    @Override
    public Redemption redeem(String secretHash, Instant now) {
        return jdbi.withHandle(handle -> {
            int spent = handle.createUpdate("UPDATE join_tokens SET uses_left = uses_left - 1 "
                            + "WHERE secret_hash = :hash AND uses_left > 0 AND expires_at > :now")
                    .bind("hash", secretHash)
                    .bind("now", now.toEpochMilli())
                    .execute();
            Optional<JoinToken> token = findByHash(handle, secretHash);
            if (spent > 0) {
                return new Redemption(Outcome.OK, token.orElseThrow());
            }
            if (token.isEmpty()) {
                return new Redemption(Outcome.UNKNOWN, null);
            }
            Outcome outcome = token.get().usesLeft() <= 0 ? Outcome.SPENT : Outcome.EXPIRED;
            return new Redemption(outcome, token.get());
        });
    }

    @Override
    public Optional<JoinToken> findBySecretHash(String secretHash) {
        return jdbi.withHandle(handle -> findByHash(handle, secretHash));
    }

    private Optional<JoinToken> findByHash(Handle handle, String secretHash) {
        return handle.createQuery("SELECT " + COLUMNS + " FROM join_tokens WHERE secret_hash = :hash")
                .bind("hash", secretHash)
                .map((rs, ctx) -> toToken(rs))
                .findOne();
    }

    private static java.util.Set<String> allowedKeys(String column) {
        return column == null || column.isEmpty() ? java.util.Set.of() : java.util.Set.of(column.split(","));
    }

    private JoinToken toToken(ResultSet rs) throws SQLException {
        return new JoinToken(rs.getString("id"), rs.getString("secret_hash"), json.tags(rs.getString("tags")),
                allowedKeys(rs.getString("allowed_tag_keys")),
                Instant.ofEpochMilli(rs.getLong("created_at")), Instant.ofEpochMilli(rs.getLong("expires_at")),
                rs.getInt("uses_left"), rs.getString("created_by"));
    }
}
