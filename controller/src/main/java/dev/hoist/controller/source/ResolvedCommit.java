package dev.hoist.controller.source;

/**
 * A commit of a source repository, resolved from what someone asked for.
 *
 * @param repository the repository's name
 * @param sha the commit's full 40-digit sha
 * @param ref the branch it was resolved on ({@code main}), or {@code null} when a commit was named alone
 */
public record ResolvedCommit(String repository, String sha, String ref) {
}
