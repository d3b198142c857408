package dev.hoist.api;

/**
 * Body of {@code POST /api/v1/repositories}. Without {@code url}: a repository the controller hosts. With
 * {@code url} (https, http, file or an absolute path): an external source the controller mirrors, polled
 * every {@code pollSeconds} (default 300; 0: only on webhook or {@code fetch}), woken by a webhook signed
 * with {@code webhookSecret}, fetched with {@code username} and {@code password} (or a token) when set.
 * Secrets are sealed at rest and never returned.
 */
public record CreateRepositoryRequest(
        String name,
        String description,
        String url,
        Integer pollSeconds,
        String webhookSecret,
        String username,
        String password) {

    /** A hosted repository. */
    public static CreateRepositoryRequest hosted(String name, String description) {
        return new CreateRepositoryRequest(name, description, null, null, null, null, null);
    }
}
