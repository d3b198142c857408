package dev.hoist.agent.bundle;

import dev.hoist.protocol.deploy.FailureClass;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Unpacks revision bundles as hostile input (appspec.md §1). Writes only below the target directory;
 * on any failure the target is removed, so no partial tree is left behind.
 *
 * <p>The order of work: check the declared type against the file's first bytes; verify the expected
 * digest (a mismatch is refused before the target exists); unpack through a {@link SafeTreeWriter},
 * which holds every safety rule; then pick the revision root. Thread-safe: each call works alone.
 */
public final class BundleExtractor {

    private static final Logger LOG = LoggerFactory.getLogger(BundleExtractor.class);
    private static final List<String> APPSPEC_NAMES = List.of("appspec.yml", "appspec.yaml");

    private final ExtractionLimits limits;
    private final DirectoryBundleReader directories = new DirectoryBundleReader();
    private final ZipBundleReader zips = new ZipBundleReader();

    public BundleExtractor(ExtractionLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    /**
     * Verifies {@code expectedSha256} (hex; {@code null} only for local runs, which compute it) and
     * unpacks {@code bundle} into {@code target}, which must not exist yet. A directory bundle is copied.
     *
     * @throws BundleException naming the entry and the rule it broke ({@code BUNDLE_INVALID}), or both
     *     digests ({@code BUNDLE_DIGEST_MISMATCH}); {@code UNKNOWN_ERROR} when the target cannot be
     *     written (disk full); {@code CANCELLED} when the thread was interrupted
     * @throws IllegalArgumentException when {@code target} already exists: it is never touched then
     */
    public ExtractedBundle extract(Path bundle, BundleType type, Path target, String expectedSha256)
            throws BundleException {
        Objects.requireNonNull(bundle, "bundle");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(target, "target");
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new IllegalArgumentException("extraction target " + target
                    + " already exists; each extraction needs a directory of its own");
        }
        try {
            String expected = expectedSha256 == null ? null : BundleDigests.parseExpected(expectedSha256);
            BundleFormatDetector.requireType(bundle, type);
            if (expected != null) {
                verifyDigest(bundle, type, expected);
            }
            return unpack(bundle, type, target, expected);
        } catch (BundleException e) {
            boolean bundleAtFault = e.failure() == FailureClass.BUNDLE_INVALID
                    || e.failure() == FailureClass.BUNDLE_DIGEST_MISMATCH;
            throw new BundleException(e.failure(),
                    "Bundle " + bundle + (bundleAtFault ? " refused: " : ": ") + e.getMessage(), e);
        }
    }

    private void verifyDigest(Path bundle, BundleType type, String expected) throws BundleException {
        String actual;
        try {
            actual = type == BundleType.DIRECTORY ? directories.digest(bundle) : BundleDigests.ofFile(bundle);
        } catch (IOException e) {
            throw Refusals.unreadable("the file", e);
        }
        if (!actual.equals(expected)) {
            throw new BundleException(FailureClass.BUNDLE_DIGEST_MISMATCH, "its SHA-256 is " + actual
                    + " but the deployment expects " + expected
                    + "; the file is not the revision that was registered (altered or truncated in transit?)");
        }
    }

    private ExtractedBundle unpack(Path bundle, BundleType type, Path target, String expected)
            throws BundleException {
        createTarget(target);
        boolean done = false;
        try {
            String sha256 = switch (type) {
                case TAR -> new TarBundleReader(false).extract(bundle, target, limits);
                case TGZ -> new TarBundleReader(true).extract(bundle, target, limits);
                case ZIP -> {
                    zips.extract(bundle, target, limits);
                    yield expected != null ? expected : digestOf(bundle);
                }
                case DIRECTORY -> directories.copy(bundle, target, limits);
            };
            if (expected != null && !expected.equals(sha256)) {
                // Verified a moment ago, different now: someone is writing to the bundle.
                throw Refusals.invalid("it changed while it was being unpacked (SHA-256 " + expected
                        + " before, " + sha256 + " after); bundles must not be modified during a deployment");
            }
            ExtractedBundle extracted = new ExtractedBundle(revisionRoot(target), sha256);
            done = true;
            return extracted;
        } finally {
            if (!done) {
                removeQuietly(target);
            }
        }
    }

    private static void createTarget(Path target) throws BundleException {
        try {
            Path parent = target.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.createDirectory(target);
        } catch (IOException e) {
            throw new BundleException(FailureClass.UNKNOWN_ERROR, "could not create the extraction directory "
                    + target + ": " + Refusals.describe(e), e);
        }
    }

    private static String digestOf(Path bundle) throws BundleException {
        try {
            return BundleDigests.ofFile(bundle);
        } catch (IOException e) {
            throw Refusals.unreadable("the file", e);
        }
    }

    /**
     * The target itself when it holds the AppSpec file, else its only entry when that is a directory
     * holding it (people zip a folder, not its contents), else the target (the caller reports a missing
     * AppSpec).
     */
    private static Path revisionRoot(Path target) throws BundleException {
        if (holdsAppSpec(target)) {
            return target;
        }
        try (Stream<Path> children = Files.list(target)) {
            List<Path> firstTwo = children.limit(2).toList();
            if (firstTwo.size() == 1 && Files.isDirectory(firstTwo.get(0), LinkOption.NOFOLLOW_LINKS)
                    && holdsAppSpec(firstTwo.get(0))) {
                return firstTwo.get(0);
            }
        } catch (IOException e) {
            throw new BundleException(FailureClass.UNKNOWN_ERROR, "could not list the extracted bundle in "
                    + target + ": " + Refusals.describe(e), e);
        }
        return target;
    }

    private static boolean holdsAppSpec(Path dir) {
        return APPSPEC_NAMES.stream().anyMatch(name -> Files.exists(dir.resolve(name), LinkOption.NOFOLLOW_LINKS));
    }

    private static void removeQuietly(Path target) {
        try {
            TreeRemover.removeTree(target);
        } catch (IOException | RuntimeException e) {
            LOG.warn("Could not remove the partial extraction in {}; remove it by hand", target, e);
        }
    }

    /**
     * @param root the revision root: {@code target}, or its only directory when the archive wrapped
     *     everything in one top-level directory holding the AppSpec file
     * @param sha256 hex digest of the bundle (of the archive file; for a directory, of a canonical
     *     listing of its paths, modes, link targets and file contents, see {@code DirectoryBundleReader})
     */
    public record ExtractedBundle(Path root, String sha256) {
    }
}
