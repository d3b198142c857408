package dev.hoist.controller.source;

import java.time.Instant;

/**
 * A source repository's row: what git does not hold itself. Secrets are kept sealed; {@link SourceRepositories}
 * opens them when it needs them.
 *
 * @param url the remote of an external source; {@code null} for a hosted one
 * @param pollSeconds how often an external source is fetched; 0 never (webhook or fetch only)
 * @param sealedWebhookSecret the sealed webhook secret, or {@code null}
 * @param sealedCredentials the sealed username and password, or {@code null}
 */
public record SourceRepository(
        String name,
        Kind kind,
        String description,
        String url,
        Integer pollSeconds,
        String sealedWebhookSecret,
        String sealedCredentials,
        String createdBy,
        Instant createdAt,
        Instant lastFetchAt,
        String lastFetchError) {

    public enum Kind {
        HOSTED, EXTERNAL;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
