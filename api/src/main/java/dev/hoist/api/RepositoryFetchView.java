package dev.hoist.api;

import java.time.Instant;
import java.util.List;

/**
 * What {@code POST /api/v1/repositories/NAME/fetch} did: the refs the fetch moved (an {@code oldCommit} of
 * {@code null} is a new ref, a {@code newCommit} of {@code null} a deleted one).
 */
public record RepositoryFetchView(String name, Instant fetchedAt, List<RefChange> changes) {

    public record RefChange(String ref, String oldCommit, String newCommit) {
    }
}
