package dev.hoist.controller.core.deploy;

import java.time.Instant;

/**
 * One pushed bundle of an application. The bundle itself lives in the bundle store under {@code sha256};
 * several revisions may share it.
 *
 * @param id e.g. {@code rev-3f9c0a1b2d4e}
 * @param bundleType {@code tgz}, {@code tar} or {@code zip}
 * @param commit the source commit, when the revision came from git ({@code BUNDLE_COMMIT}), else null
 */
public record Revision(
        String id,
        String application,
        String sha256,
        long sizeBytes,
        String bundleType,
        String description,
        String commit,
        Instant createdAt,
        String createdBy) {
}
