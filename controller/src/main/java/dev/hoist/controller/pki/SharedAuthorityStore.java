package dev.hoist.controller.pki;

import java.time.Instant;
import java.util.Optional;

/**
 * Where the CA shared by several controllers is kept: its certificate, and its key sealed under the
 * key-encryption key. There is at most one; the first controller to store one wins.
 */
public interface SharedAuthorityStore {
    /** The CA certificate (PEM) and the sealed PKCS#8 key. */
    record Stored(String certificatePem, String sealedKey) {
    }

    Optional<Stored> find();

    /** Stores {@code authority} unless one is stored already; {@code false} when another was first. */
    boolean insertIfAbsent(Stored authority, Instant at);
}
