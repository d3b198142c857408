package dev.hoist.controller.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.hoist.controller.core.deploy.Revision;
import java.time.Instant;
import java.util.List;

/**
 * A revision as the API shows it.
 *
 * @param warnings only in the answer to a push: AppSpec warnings, and event timeouts above a group's limit
 * @param bundleReused only in the answer to a push: the same bytes were pushed before, and their stored
 *     file is shared
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
        @JsonInclude(JsonInclude.Include.NON_NULL) Boolean bundleReused) {

    public static RevisionView of(Revision revision) {
        return of(revision, null, null);
    }

    public static RevisionView of(Revision revision, List<String> warnings, Boolean bundleReused) {
        return new RevisionView(revision.id(), revision.application(), revision.sha256(), revision.sizeBytes(),
                revision.bundleType(), revision.description(), revision.commit(), revision.createdAt(),
                revision.createdBy(), warnings, bundleReused);
    }
}
