package dev.hoist.controller.core;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Join tokens for enrollment. */
public interface JoinTokenStore {

    void insert(JoinToken token);

    List<JoinToken> list();

    /** {@code false} when there is no such token. */
    boolean delete(String id);

    /**
     * Atomically checks the token whose secret hashes to {@code secretHash} and, when it is usable,
     * spends one use. Concurrent redemptions of a one-use token let exactly one through.
     */
    Redemption redeem(String secretHash, Instant now);

    /** The token with this secret hash, whatever its state, without spending a use. */
    Optional<JoinToken> findBySecretHash(String secretHash);

    enum Outcome { OK, UNKNOWN, EXPIRED, SPENT }

    /** @param token the token (after spending the use, for OK), or {@code null} for UNKNOWN */
    record Redemption(Outcome outcome, JoinToken token) {
    }
}
