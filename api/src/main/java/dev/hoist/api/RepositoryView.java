package dev.hoist.api;

import java.time.Instant;
import java.util.List;

/**
 * A source repository as the API shows it. {@code kind} is {@code hosted} (pushed to at {@code gitPath} on
 * the API port) or {@code external} (a mirror of {@code url}, fetched by the controller). The branches and
 * {@code commits} (the latest of {@code commitsBranch}, newest first) are filled by the single-repository
 * call, not by the list. Secrets are never shown: only whether they are set.
 */
public record RepositoryView(
        String name,
        String kind,
        String description,
        String gitPath,
        String url,
        Integer pollSeconds,
        boolean webhookSecretSet,
        boolean credentialsSet,
        String defaultBranch,
        List<BranchView> branches,
        String commitsBranch,
        List<CommitView> commits,
        Instant lastFetchAt,
        String lastFetchError,
        String createdBy,
        Instant createdAt) {

    /** A branch and the commit at its head. */
    public record BranchView(String name, String commit) {
    }

    /** One commit: its sha, author, the first line of its message, and its commit time. */
    public record CommitView(String sha, String author, String message, Instant time) {
    }
}
