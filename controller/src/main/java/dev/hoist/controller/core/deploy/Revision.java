package dev.hoist.controller.core.deploy;

import java.time.Instant;

/**
 * One pushed bundle of an application. The bundle itself lives in the bundle store under {@code sha256};
 * several revisions may share it.
 *
 * @param id e.g. {@code rev-3f9c0a1b2d4e}
 * @param bundleType {@code tgz}, {@code tar} or {@code zip}
 * @param commit the source commit, when the revision came from git ({@code BUNDLE_COMMIT}), else null
 * @param signature Base64 Ed25519 signature of the bundle's digest with the application name, or null when
 *     unsigned; agents that trust keys check it, the controller only keeps and forwards it
 * @param signingKey the id of the key that made {@code signature} ({@code ed25519:HEX}), or null
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
        String createdBy,
        String signature,
        String signingKey) {

    /** An unsigned revision. */
    public Revision(String id, String application, String sha256, long sizeBytes, String bundleType,
            String description, String commit, Instant createdAt, String createdBy) {
        this(id, application, sha256, sizeBytes, bundleType, description, commit, createdAt, createdBy, null, null);
    }

    public boolean signed() {
        return signature != null;
    }
}
