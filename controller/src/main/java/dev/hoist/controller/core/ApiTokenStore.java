package dev.hoist.controller.core;

import java.util.List;
import java.util.Optional;

/** API tokens for the REST API. */
public interface ApiTokenStore {

    /** Stores a new token; fails when its name is already taken. */
    void insert(ApiToken token);

    /**
     * Stores a new token unless one of that name exists (another controller may be storing it at the same
     * moment); {@code false} when one does.
     */
    boolean insertUnlessNameTaken(ApiToken token);

    Optional<ApiToken> findBySecretHash(String secretHash);

    Optional<ApiToken> findByName(String name);

    List<ApiToken> list();

    /** {@code false} when there is no token of that name. */
    boolean deleteByName(String name);
}
