package dev.hoist.api;

import java.util.List;

/**
 * What retention deleted (or, on a dry run, would delete) and why.
 *
 * @param bytesFreed the sizes of the blobs deleted
 */
public record PruneResult(boolean dryRun, List<PrunedRevision> revisions, List<PrunedBlob> blobs, long bytesFreed) {

    /** A revision whose record goes. */
    public record PrunedRevision(String revisionId, String application, String sha256, long sizeBytes,
            java.time.Instant createdAt, String reason) {
    }

    /** A stored bundle whose bytes go. */
    public record PrunedBlob(String sha256, long sizeBytes, String reason) {
    }
}
