package dev.hoist.controller.store;

import dev.hoist.controller.pki.SharedAuthorityStore;
import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** The shared CA in table {@code certificate_authority}: one row, {@code id = 'signing'}. */
public final class JdbiSharedAuthorityStore implements SharedAuthorityStore {
    private static final String SIGNING = "signing";
    private final Jdbi jdbi;

    public JdbiSharedAuthorityStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public Optional<Stored> find() {
        return jdbi.withHandle(handle -> handle.createQuery(
                        "SELECT certificate, sealed_key FROM certificate_authority WHERE id = :id")
                .bind("id", SIGNING)
                .map((rs, ctx) -> new Stored(rs.getString("certificate"), rs.getString("sealed_key")))
                .findOne());
    }

    @Override
    public boolean insertIfAbsent(Stored authority, Instant at) {
        return UniqueViolations.insertUnlessTaken(() -> jdbi.useHandle(handle -> handle.createUpdate(
                        "INSERT INTO certificate_authority (id, certificate, sealed_key, created_at) "
                                + "VALUES (:id, :certificate, :sealedKey, :at)")
                .bind("id", SIGNING)
                .bind("certificate", authority.certificatePem())
                .bind("sealedKey", authority.sealedKey())
                .bind("at", at.toEpochMilli())
                .execute()));
    }
}
