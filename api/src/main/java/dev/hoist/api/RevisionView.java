package dev.hoist.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/**
 * A revision as the API shows it.
 *
 * @param warnings only in the answer to a push: AppSpec warnings, and event timeouts above a group's limit
 * @param bundleReused only in the answer to a push: the same bytes were pushed before, and their stored
 *     file is shared
 * @param runningIn only in lists and gets: the deployment groups whose hosts have this revision installed
 */
public record RevisionView(
        String revisionId,
        String application,
        String sha256,
        long sizeBytes,
        String bundleType,
        String description,
        String commit,
        Instant createdAt,
        String createdBy,
        @JsonInclude(JsonInclude.Include.NON_NULL) List<String> warnings,
        @JsonInclude(JsonInclude.Include.NON_NULL) Boolean bundleReused,
        @JsonInclude(JsonInclude.Include.NON_NULL) List<String> runningIn) {
}
