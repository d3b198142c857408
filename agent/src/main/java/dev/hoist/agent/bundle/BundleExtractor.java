package dev.hoist.agent.bundle;

import java.nio.file.Path;

/**
 * Unpacks revision bundles as hostile input (appspec.md §1). Writes only below the target directory;
 * on any failure the target is removed, so no partial tree is left behind.
 */
public final class BundleExtractor {

    public BundleExtractor(ExtractionLimits limits) {
    }

    /**
     * Verifies {@code expectedSha256} (hex; {@code null} only for local runs, which compute it) and
     * unpacks {@code bundle} into {@code target}, which must not exist yet. A directory bundle is copied.
     *
     * @throws BundleException naming the entry and the rule it broke
     */
    public ExtractedBundle extract(Path bundle, BundleType type, Path target, String expectedSha256)
            throws BundleException {
        throw new UnsupportedOperationException("not yet implemented");
    }

    /**
     * @param root the revision root: {@code target}, or its only directory when the archive wrapped
     *     everything in one top-level directory holding the AppSpec file
     * @param sha256 hex digest of the bundle (of the archive file; for a directory, of its canonical tar)
     */
    public record ExtractedBundle(Path root, String sha256) {
    }
}
