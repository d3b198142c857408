package dev.hoist.agent.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hoist.protocol.deploy.FailureClass;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile archives, each refused with {@code BUNDLE_INVALID} naming the entry and the rule, with
 * nothing written outside the target and the target itself removed.
 *
 * <p>Layout: {@code tmp/sandbox/deployments/d1/archive} is the target; {@code tmp/sandbox/sentinel} is
 * a sibling that must stay empty; the archives live in {@code tmp/bundles}.
 */
class HostileBundleTest {

    private static final ExtractionLimits LIMITS = new ExtractionLimits(8L << 20, 50, 100);

    @TempDir
    Path tmp;

    private Path bundles;
    private Path sentinel;
    private Path target;

    @BeforeEach
    void layOut() throws IOException {
        bundles = Files.createDirectories(tmp.resolve("bundles"));
        sentinel = Files.createDirectories(tmp.resolve("sandbox/sentinel"));
        target = tmp.resolve("sandbox/deployments/d1/archive");
    }

    @Test
    void refusesDotDotThatClimbsOut() throws Exception {
        Path tar = new TestArchives().file("appspec.yml", "version: 0.0\n").file("../evil", "pwned")
                .writeTar(bundles.resolve("b.tar"));
        assertRefused(tar, BundleType.TAR, "'../evil'", "climbs out of the bundle root");
        assertThat(tmp.resolve("sandbox/deployments/d1/evil")).doesNotExist();
    }

    @Test
    void refusesDotDotHiddenInsideAPath() throws Exception {
        Path tgz = new TestArchives().file("a/../../evil", "pwned").writeTgz(bundles.resolve("b.tgz"));
        assertRefused(tgz, BundleType.TGZ, "'a/../../evil'", "climbs out of the bundle root");
        assertThat(tmp.resolve("sandbox/deployments/d1/evil")).doesNotExist();
    }

    @Test
    void refusesTheConformanceTraversalEntry() throws Exception {
        Path tar = new TestArchives().file("appspec.yml", "version: 0.0\n").file("../../../escaped.txt", "pwned\n")
                .writeTar(bundles.resolve("b.tar"));
        assertRefused(tar, BundleType.TAR, "'../../../escaped.txt'", "climbs out");
        assertThat(tmp.resolve("escaped.txt")).doesNotExist();
    }

    @Test
    void allowsDotDotThatStaysInside() throws Exception {
        Path tar = new TestArchives().file("a/../b", "fine").writeTar(bundles.resolve("b.tar"));
        new BundleExtractor(LIMITS).extract(tar, BundleType.TAR, target, null);
        assertThat(target.resolve("b")).hasContent("fine");
    }

    @Test
    void refusesAbsolutePathsInTarAndZip() throws Exception {
        TestArchives archive = new TestArchives().file("/tmp/hoist-test-evil", "pwned");
        assertRefused(archive.writeTar(bundles.resolve("b.tar")), BundleType.TAR,
                "'/tmp/hoist-test-evil'", "is an absolute path");
        assertRefused(archive.writeZip(bundles.resolve("b.zip")), BundleType.ZIP,
                "'/tmp/hoist-test-evil'", "is an absolute path");
        assertThat(Path.of("/tmp/hoist-test-evil")).doesNotExist();
    }

    @Test
    void refusesSymlinkToAbsolutePathBeforeAnythingIsWrittenThroughIt() throws Exception {
        Path tar = new TestArchives().symlink("link", "/etc").file("link/passwd", "root::0:0::/:/bin/sh\n")
                .writeTar(bundles.resolve("b.tar"));
        assertRefused(tar, BundleType.TAR, "'link'", "symlink to the absolute path '/etc'");
    }

    @Test
    void refusesRelativeSymlinkOutOfTheTree() throws Exception {
        TestArchives archive = new TestArchives().dir("sub/", 0755).symlink("sub/link", "../../x");
        assertRefused(archive.writeTar(bundles.resolve("b.tar")), BundleType.TAR,
                "'sub/link'", "resolves outside the bundle root");
        assertRefused(archive.writeZip(bundles.resolve("b.zip")), BundleType.ZIP,
                "'sub/link'", "resolves outside the bundle root");
    }

    @Test
    void refusesSymlinkChainThatOnlyEscapesWhenFollowed() throws Exception {
        // Lexically c/c/../.. is the root itself; but c -> . makes c/c the root, so the kernel's
        // first '..' already leaves the tree.
        Path tar = new TestArchives().symlink("c", ".").symlink("b", "c/c/../..")
                .writeTar(bundles.resolve("b.tar"));
        assertRefused(tar, BundleType.TAR, "'b'", "once the symlinks it passes through are followed");
    }

    @Test
    void refusesWritingThroughAnEarlierSymlinkEvenOneThatPointsInside() throws Exception {
        Path tar = new TestArchives().dir("real/", 0755).symlink("link", "real").file("link/file", "x")
                .writeTar(bundles.resolve("b.tar"));
        assertRefused(tar, BundleType.TAR, "'link/file'", "would be written through the symlink 'link'");
    }

    @Test
    void replacesAnEarlierSymlinkByAFileWithoutWritingThroughIt() throws Exception {
        Path tar = new TestArchives().file("real", "original").symlink("link", "real").file("link", "replacement")
                .writeTar(bundles.resolve("b.tar"));
        new BundleExtractor(LIMITS).extract(tar, BundleType.TAR, target, null);
        assertThat(target.resolve("real")).hasContent("original");
        assertThat(Files.isSymbolicLink(target.resolve("link"))).isFalse();
        assertThat(target.resolve("link")).hasContent("replacement");
    }

    @Test
    void refusesHardLinksOutOfTheTreeOrToNothingEarlier() throws Exception {
        assertRefused(new TestArchives().hardLink("h", "../../outside").writeTar(bundles.resolve("1.tar")),
                BundleType.TAR, "'h'", "is a hard link to '../../outside', outside the bundle");
        assertRefused(new TestArchives().hardLink("h", "/etc/passwd").writeTar(bundles.resolve("2.tar")),
                BundleType.TAR, "'h'", "is a hard link to '/etc/passwd', outside the bundle");
        assertRefused(new TestArchives().hardLink("h", "later").file("later", "x").writeTar(bundles.resolve("3.tar")),
                BundleType.TAR, "'h'", "not a regular file of an earlier entry");
        assertRefused(new TestArchives().symlink("s", "x").hardLink("h", "s").writeTar(bundles.resolve("4.tar")),
                BundleType.TAR, "'h'", "is a hard link to the symlink 's'");
    }

    @Test
    void keepsHardLinksToEarlierFiles() throws Exception {
        Path tar = new TestArchives().file("bin/tool", "#!/bin/sh\n", 0755).hardLink("bin/alias", "bin/tool")
                .writeTar(bundles.resolve("b.tar"));
        new BundleExtractor(LIMITS).extract(tar, BundleType.TAR, target, null);
        assertThat(Files.isSameFile(target.resolve("bin/tool"), target.resolve("bin/alias"))).isTrue();
    }

    /** Archive fuzzing found it: a zstd entry reached for a library the agent does not ship and threw an Error. */
    @Test
    void refusesZipEntriesCompressedWithAMethodThisAgentCannotRead() throws Exception {
        Path file = withZipMethod(new TestArchives().file("data.txt", "some data")
                .writeZip(bundles.resolve("file.zip")), ZSTD);
        assertRefused(file, BundleType.ZIP, "'data.txt'", "zip method 93");
        Path link = withZipMethod(new TestArchives().file("a", "x").symlink("alias", "a")
                .writeZip(bundles.resolve("link.zip")), ZSTD);
        assertRefused(link, BundleType.ZIP, "zip method 93", "repack it with deflate");
    }

    private static final int ZSTD = 93;

    /** {@code zip} with every entry's compression method, in its local and central headers, set to {@code method}. */
    private static Path withZipMethod(Path zip, int method) throws IOException {
        byte[] bytes = Files.readAllBytes(zip);
        for (int i = 0; i + 12 <= bytes.length; i++) {
            boolean local = bytes[i] == 'P' && bytes[i + 1] == 'K' && bytes[i + 2] == 3 && bytes[i + 3] == 4;
            boolean central = bytes[i] == 'P' && bytes[i + 1] == 'K' && bytes[i + 2] == 1 && bytes[i + 3] == 2;
            if (local || central) {
                int at = i + (local ? 8 : 10);
                bytes[at] = (byte) method;
                bytes[at + 1] = (byte) (method >> 8);
            }
        }
        Files.write(zip, bytes);
        return zip;
    }

    @Test
    void refusesDevicesAndFifos() throws Exception {
        assertRefused(new TestArchives().special("dev/sda", TarConstants.LF_BLK).writeTar(bundles.resolve("1.tar")),
                BundleType.TAR, "'dev/sda'", "is a device file");
        assertRefused(new TestArchives().special("tty", TarConstants.LF_CHR).writeTar(bundles.resolve("2.tar")),
                BundleType.TAR, "'tty'", "is a device file");
        assertRefused(new TestArchives().special("pipe", TarConstants.LF_FIFO).writeTgz(bundles.resolve("3.tgz")),
                BundleType.TGZ, "'pipe'", "is a FIFO");
        assertRefused(new TestArchives().special("pipe", TarConstants.LF_FIFO).writeZip(bundles.resolve("4.zip")),
                BundleType.ZIP, "'pipe'", "is a FIFO");
    }

    @Test
    void refusesAGzipBombByItsRatio() throws Exception {
        // 64 MiB of zeros compress to about 64 KiB; the ratio limit of 100 stops it early.
        Path tgz = new TestArchives().file("appspec.yml", "version: 0.0\n").zeros("bomb", 64L << 20)
                .writeTgz(bundles.resolve("bomb.tgz"));
        assertThat(Files.size(tgz)).isLessThan(1L << 20);
        assertRefused(tgz, BundleType.TGZ, "'bomb'", "compression ratio over the limit of 100:1");
    }

    @Test
    void refusesAZipBombByItsRatio() throws Exception {
        Path zip = new TestArchives().zeros("bomb", 32L << 20).writeZip(bundles.resolve("bomb.zip"));
        assertRefused(zip, BundleType.ZIP, "'bomb'", "compression ratio over the limit of 100:1");
    }

    @Test
    void refusesMoreBytesThanTheLimitCountingWhatIsWritten() throws Exception {
        // Uncompressed, so the ratio stays near 1 and only the byte limit (8 MiB) applies.
        Path tar = new TestArchives().zeros("a", 5L << 20).zeros("b", 5L << 20).writeTar(bundles.resolve("big.tar"));
        assertRefused(tar, BundleType.TAR, "'b'", "over the limit of 8388608 bytes unpacked");
    }

    @Test
    void refusesTooManyEntries() throws Exception {
        TestArchives archive = new TestArchives();
        for (int i = 0; i < 51; i++) {
            archive.file("f" + i, "x");
        }
        assertRefused(archive.writeZip(bundles.resolve("many.zip")), BundleType.ZIP,
                "'f50'", "over the limit of 50 entries");
    }

    @Test
    void refusesATruncatedArchiveWithWhatTheLibrarySaid() throws Exception {
        Path tgz = new TestArchives().file("appspec.yml", "version: 0.0\n").zeros("data", 1 << 20)
                .writeTgz(bundles.resolve("whole.tgz"));
        byte[] bytes = Files.readAllBytes(tgz);
        Path truncated = Files.write(bundles.resolve("truncated.tgz"), java.util.Arrays.copyOf(bytes, bytes.length / 2));
        assertRefused(truncated, BundleType.TGZ, "cannot be read", "corrupt, truncated");
    }

    @Test
    void survivesCorruptedArchivesWithARefusalOrASafeTree() throws Exception {
        TestArchives revision = new TestArchives().file("appspec.yml", "version: 0.0\n").dir("bin/", 0755)
                .file("bin/tool", "#!/bin/sh\necho hi\n".repeat(40), 0755).symlink("bin/t", "tool");
        java.util.Random random = new java.util.Random(42);
        for (BundleType type : List.of(BundleType.TAR, BundleType.TGZ, BundleType.ZIP)) {
            Path clean = switch (type) {
                case TAR -> revision.writeTar(bundles.resolve("clean.tar"));
                case TGZ -> revision.writeTgz(bundles.resolve("clean.tgz"));
                default -> revision.writeZip(bundles.resolve("clean.zip"));
            };
            byte[] bytes = Files.readAllBytes(clean);
            for (int i = 0; i < 40; i++) {
                byte[] damaged = bytes.clone();
                for (int flips = 0; flips < 3; flips++) {
                    damaged[random.nextInt(damaged.length)] = (byte) random.nextInt(256);
                }
                Path bundle = Files.write(bundles.resolve("damaged"), damaged);
                try {
                    new BundleExtractor(LIMITS).extract(bundle, type, target, null);
                    TreeRemover.removeTree(target); // the damage hit nothing that matters
                } catch (BundleException e) {
                    assertThat(e.failure()).isEqualTo(FailureClass.BUNDLE_INVALID);
                    assertThat(target).doesNotExist();
                }
                assertThat(sentinel).isEmptyDirectory();
            }
        }
    }

    @Test
    void refusesADirectoryBundleWithASymlinkOutOrAFifo() throws Exception {
        Path dir = Files.createDirectories(bundles.resolve("dir"));
        Files.writeString(dir.resolve("appspec.yml"), "version: 0.0\n");
        Files.createSymbolicLink(dir.resolve("etc"), Path.of("/etc"));
        assertRefused(dir, BundleType.DIRECTORY, "'etc'", "symlink to the absolute path '/etc'");

        Files.delete(dir.resolve("etc"));
        Process mkfifo = new ProcessBuilder("mkfifo", dir.resolve("pipe").toString()).start();
        try {
            assertThat(mkfifo.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        } finally {
            mkfifo.destroyForcibly();
        }
        assertRefused(dir, BundleType.DIRECTORY, "'pipe'", "is a special file");
    }

    @Test
    void neverTouchesATargetThatAlreadyExists() throws Exception {
        Files.createDirectories(target);
        Files.writeString(target.resolve("keep"), "mine");
        Path tar = new TestArchives().file("../evil", "x").writeTar(bundles.resolve("b.tar"));
        assertThatThrownBy(() -> new BundleExtractor(LIMITS).extract(tar, BundleType.TAR, target, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("already exists");
        assertThat(target.resolve("keep")).hasContent("mine");
    }

    /** Extraction fails with the entry and rule named, and nothing at all changed outside the bundles. */
    private void assertRefused(Path bundle, BundleType type, String... messageParts) throws IOException {
        List<Path> before = listSandbox();
        assertThatThrownBy(() -> new BundleExtractor(LIMITS).extract(bundle, type, target, null))
                .isInstanceOfSatisfying(BundleException.class, e -> {
                    assertThat(e.failure()).isEqualTo(FailureClass.BUNDLE_INVALID);
                    assertThat(e.getMessage()).contains(messageParts);
                });
        assertThat(target).doesNotExist();
        assertThat(sentinel).isEmptyDirectory();
        // The target's parents may have been created; nothing else may have appeared anywhere.
        assertThat(listSandbox()).containsExactlyInAnyOrderElementsOf(before);
    }

    private List<Path> listSandbox() throws IOException {
        try (Stream<Path> all = Files.walk(tmp.resolve("sandbox"))) {
            return all.filter(p -> !target.startsWith(p)).toList();
        }
    }
}
