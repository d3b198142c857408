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
 * @param signature Base64 Ed25519 signature of the bundle digest with the application name; absent when unsigned
 * @param signingKey the id of the key that signed it ({@code ed25519:HEX}); absent when unsigned
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
        @JsonInclude(JsonInclude.Include.NON_NULL) List<String> runningIn,
        @JsonInclude(JsonInclude.Include.NON_NULL) String signature,
        @JsonInclude(JsonInclude.Include.NON_NULL) String signingKey) {
}
